package calendar

import (
	"fmt"
	"sort"
)

// SplitBudget divides a legal processing time of total units (working days, or working hours)
// among the steps of a procedure in proportion to weights, so that the parts are whole units and
// add up to total exactly (largest remainder method; ties go to the earlier step). A weight of
// 0 gives a step no time.
func SplitBudget(total int, weights []int) ([]int, error) {
	if total < 0 || total > MaxWorkingDays*24 {
		return nil, invalid("total", fmt.Sprintf("%d is not between 0 and %d", total, MaxWorkingDays*24),
			fmt.Sprintf("%d không nằm trong khoảng 0 đến %d", total, MaxWorkingDays*24))
	}
	if len(weights) == 0 {
		return nil, invalid("weights", "at least one step is needed", "cần ít nhất một bước")
	}
	sum := 0
	for i, w := range weights {
		if w < 0 || w > 1_000_000 {
			return nil, invalid(fmt.Sprintf("weights[%d]", i), fmt.Sprintf("weight %d is not between 0 and 1000000", w),
				fmt.Sprintf("trọng số %d không nằm trong khoảng 0 đến 1000000", w))
		}
		sum += w
	}
	if sum == 0 {
		return nil, invalid("weights", "the weights add up to 0", "tổng trọng số bằng 0")
	}
	parts := make([]int, len(weights))
	order := make([]int, len(weights))
	given := 0
	for i, w := range weights {
		parts[i] = total * w / sum
		given += parts[i]
		order[i] = i
	}
	// Remainders total*w mod sum, largest first; SliceStable keeps earlier steps first on ties.
	sort.SliceStable(order, func(a, b int) bool {
		return total*weights[order[a]]%sum > total*weights[order[b]]%sum
	})
	for _, i := range order[:total-given] {
		parts[i]++
	}
	return parts, nil
}

// CheckBudget reports whether step budgets add up to the legal total processing time, so that a
// process definition cannot promise more, or less, time than the procedure allows.
func CheckBudget(total int, steps []int) error {
	sum := 0
	for i, s := range steps {
		if s < 0 {
			return invalid(fmt.Sprintf("steps[%d]", i), fmt.Sprintf("budget %d is negative", s),
				fmt.Sprintf("thời gian %d của bước bị âm", s))
		}
		sum += s
	}
	if sum != total {
		return invalid("steps", fmt.Sprintf("the steps add up to %d, the processing time is %d", sum, total),
			fmt.Sprintf("tổng thời gian các bước là %d, thời hạn giải quyết là %d", sum, total))
	}
	return nil
}
