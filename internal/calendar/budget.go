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
		return nil, invalid("total", msgs.Text("is_not_between_0_and", total, MaxWorkingDays*24))
	}
	if len(weights) == 0 {
		return nil, invalid("weights", msgs.Text("at_least_one_step_is_needed"))
	}
	sum := 0
	for i, w := range weights {
		if w < 0 || w > 1_000_000 {
			return nil, invalid(fmt.Sprintf("weights[%d]", i), msgs.Text("weight_is_not_between_0_and", w))
		}
		sum += w
	}
	if sum == 0 {
		return nil, invalid("weights", msgs.Text("weights_add_up_to_0"))
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
			return invalid(fmt.Sprintf("steps[%d]", i), msgs.Text("budget_is_negative", s))
		}
		sum += s
	}
	if sum != total {
		return invalid("steps", msgs.Text("steps_add_up_to_processing_time", sum, total))
	}
	return nil
}
