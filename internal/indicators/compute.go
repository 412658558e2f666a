package indicators

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/stats"
)

// facts are the records of one agency's month that the indicators read, each read through an
// index bounded by the agency and the month (never a scan of all dossiers).
type facts struct {
	received   []received
	settled    []settled
	fees       []fee
	procedures []procedure
}

// received is a dossier submitted or registered in the month.
type received struct {
	code, procedure string
	online          bool // channel = 'online' (KenhThucHien = 2)
	digitised       bool
	reused          bool
}

// settled is a dossier that ended in the month.
type settled struct {
	code        string
	result      bool // done or returned: a result exists (refused and stopped end without one)
	onTime      bool
	days        float64
	eResult     bool
	evaluated   bool
	dissatisfed bool
}

// fee is a fee invoice raised in the month for one of the agency's dossiers.
type fee struct {
	ref    string
	online bool
}

// procedure is one of the agency's active procedures.
type procedure struct {
	code   string
	online bool
}

// monthBounds parses YYYY-MM and returns its first instant and the next month's, local time.
func monthBounds(month string) (time.Time, time.Time, error) {
	t, err := time.ParseInLocation("2006-01", month, vnZone)
	if err != nil || t.Format("2006-01") != month {
		return time.Time{}, time.Time{}, fmt.Errorf("bad month %q", month)
	}
	return t, t.AddDate(0, 1, 0), nil
}

// ended are the statuses that end a dossier, in the order egov.md §5 (2.1) ranks them: Đã xử
// lý xong (done) > Đã trả kết quả (returned) > Dừng/Từ chối (stopped, refused). Withdrawn and
// not-received dossiers were never settled and count nowhere.
var ended = []string{"done", "returned", "stopped", "refused"}

func (s *Store) gather(ctx context.Context, ag *org.Agency, month string, cache procCache) (*facts, error) {
	from, to, err := monthBounds(month)
	if err != nil {
		return nil, err
	}
	f := &facts{}
	// Received: 3.3, 4.2, 4.3 (and 3.2's online dossiers). Digitised and reused are recorded when
	// a dossier is filed, by the rules the dashboards count (internal/stats, rules.go): digitised
	// when filed online or with its papers scanned at the counter, reused when one of its files
	// was already attached to an earlier dossier (egov.md §5 4.2, 4.3 "DuocSoHoa" [S]; [U]
	// motcua's reading of reuse).
	rows, err := s.db.Query(ctx, `SELECT d.code, d.procedure_code, d.channel, d.digitised, d.reused
		FROM dossiers d WHERE d.agency_id = ? AND d.submitted_at >= ? AND d.submitted_at < ? ORDER BY d.code`, ag.ID, from, to)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r received
		var channel string
		var digitised, reused int
		if err := rows.Scan(&r.code, &r.procedure, &channel, &digitised, &reused); err != nil {
			rows.Close()
			return nil, err
		}
		r.online = channel == "online"
		r.digitised, r.reused = digitised == 1, reused == 1
		f.received = append(f.received, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Settled: 2.1, 2.2, 4.1, 5.4.
	rows, err = s.db.Query(ctx, `SELECT d.code, d.status, d.submitted_at, d.received_at, d.due_at, d.finished_at, d.supplements,
		EXISTS (SELECT 1 FROM issued_documents i WHERE i.dossier_id = d.id AND i.kind = 'result' AND i.revoked_at IS NULL),
		COALESCE(e.scores, '')
		FROM dossiers d LEFT JOIN evaluations e ON e.dossier_id = d.id
		WHERE d.agency_id = ? AND d.finished_at >= ? AND d.finished_at < ? AND d.status IN (?, ?, ?, ?) ORDER BY d.code`,
		ag.ID, from, to, ended[0], ended[1], ended[2], ended[3])
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r settled
		var status, scores string
		var submitted, finished time.Time
		var receivedAt, due *time.Time
		var supplements int
		if err := rows.Scan(&r.code, &status, &submitted, &receivedAt, &due, &finished, &supplements, &r.eResult, &scores); err != nil {
			rows.Close()
			return nil, err
		}
		r.result = status == "done" || status == "returned"
		// 2.1: on time when end ≤ due date (NgayKetThucXuLy ≤ NgayHenTra). motcua restarts the
		// due date when a supplemented dossier comes back (dossier.Restart, Decree 61/2018
		// Art. 19), which subtracts the waiting time. More than one supplement request is late.
		// [U] A dossier without a due date (a procedure with no time limit) counts as on time:
		// motcua has no "maximum" to compare it with.
		r.onTime = supplements <= 1 && (due == nil || !finished.After(*due))
		start := submitted
		if receivedAt != nil {
			start = *receivedAt
		}
		r.days = finished.Sub(start).Hours() / 24
		if scores != "" {
			r.evaluated = true
			var m map[string]int
			if err := json.Unmarshal([]byte(scores), &m); err != nil {
				rows.Close()
				return nil, fmt.Errorf("indicators: evaluation of %s: %w", r.code, err)
			}
			r.dissatisfed = stats.Unhappy(m)
		}
		f.settled = append(f.settled, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Fees: 3.6. Every payment motcua takes is online (VNPay or VietQR, internal/payment); a
	// fee is paid online when an online payment settled it.
	rows, err = s.db.Query(ctx, `SELECT ref, status IN ('paid', 'refunded') AND payment_id IS NOT NULL FROM invoices
		WHERE kind = 'fee' AND agency_id = ? AND created_at >= ? AND created_at < ? AND status <> 'cancelled' ORDER BY ref`, ag.ID, from, to)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r fee
		if err := rows.Scan(&r.ref, &r.online); err != nil {
			rows.Close()
			return nil, err
		}
		f.fees = append(f.fees, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Procedures: 3.1, 3.2. The agency's procedures are the active ones of its level that list
	// it among their receiving agencies, or list none (catalog.Procedure.AgencyCodes: "empty
	// means every agency"). Bounded by the catalogue, not by the dossiers; read once per level
	// for a whole run over the agencies.
	procs, err := cache.load(ctx, s, ag.Level)
	if err != nil {
		return nil, err
	}
	for _, p := range procs {
		if len(p.agencies) == 0 || slices.Contains(p.agencies, ag.Code) {
			f.procedures = append(f.procedures, procedure{code: p.code, online: p.online})
		}
	}
	return f, nil
}

// catalogProc is an active procedure with the agencies that receive it.
type catalogProc struct {
	code     string
	online   bool // online_level full or partial (Decree 42/2022 Art. 11)
	agencies []string
}

// procCache holds the active procedures by level for one run; a nil cache reads every time.
type procCache map[string][]catalogProc

func (c procCache) load(ctx context.Context, s *Store, level string) ([]catalogProc, error) {
	if ps, ok := c[level]; ok {
		return ps, nil
	}
	rows, err := s.db.Query(ctx, `SELECT code, online_level, doc FROM procedures WHERE status = 'active' AND level = ? ORDER BY code`, level)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalogProc
	for rows.Next() {
		var code, online, doc string
		if err := rows.Scan(&code, &online, &doc); err != nil {
			return nil, err
		}
		var p struct {
			AgencyCodes []string `json:"agency_codes"`
		}
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			return nil, fmt.Errorf("indicators: procedure %s: %w", code, err)
		}
		out = append(out, catalogProc{code: code, online: online == "full" || online == "partial", agencies: p.AgencyCodes})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if c != nil {
		c[level] = out
	}
	return out, nil
}

// figure is one indicator's figures and the items behind them.
type figure struct {
	def         Def
	value       *float64
	score       float64
	numerator   []string
	denominator []string
	kind        string // what the lists hold: "dossier", "procedure" or "fee" (a dossier code)
}

// score applies egov.md §5: at or above the threshold, full marks; below it,
// score = rate × max ÷ threshold. Rounded to hundredths.
func score(d Def, rate float64) float64 {
	if d.MaxScore == 0 {
		return 0
	}
	s := d.MaxScore
	if rate < d.Threshold {
		s = rate * d.MaxScore / d.Threshold
	}
	return math.Round(s*100) / 100
}

func ratio(d Def, num, den []string, kind string) figure {
	f := figure{def: d, numerator: num, denominator: den, kind: kind}
	if len(den) > 0 {
		v := float64(len(num)) / float64(len(den))
		f.value = &v
		f.score = score(d, v)
	}
	return f
}

// figures computes every implemented indicator from the facts.
func (f *facts) figures() []figure {
	var out []figure
	for _, d := range Table {
		if !d.Computed {
			continue
		}
		switch d.Code {
		case "2.1":
			var num, den []string
			for _, r := range f.settled {
				den = append(den, r.code)
				if r.onTime {
					num = append(num, r.code)
				}
			}
			out = append(out, ratio(d, num, den, "dossier"))
		case "2.2":
			// The numerator lists the same dossiers: the mean is over all of them.
			fg := figure{def: d, kind: "dossier"}
			sum := 0.0
			for _, r := range f.settled {
				fg.denominator = append(fg.denominator, r.code)
				sum += r.days
			}
			fg.numerator = fg.denominator
			if n := len(fg.denominator); n > 0 {
				v := math.Round(sum/float64(n)*100) / 100
				fg.value = &v
			}
			out = append(out, fg)
		case "3.1":
			var num, den []string
			for _, p := range f.procedures {
				den = append(den, p.code)
				if p.online {
					num = append(num, p.code)
				}
			}
			out = append(out, ratio(d, num, den, "procedure"))
		case "3.2":
			used := map[string]bool{}
			for _, r := range f.received {
				if r.online {
					used[r.procedure] = true
				}
			}
			var num, den []string
			for _, p := range f.procedures {
				if p.online {
					den = append(den, p.code)
					if used[p.code] {
						num = append(num, p.code)
					}
				}
			}
			out = append(out, ratio(d, num, den, "procedure"))
		case "3.3", "4.2", "4.3":
			var num, den []string
			for _, r := range f.received {
				den = append(den, r.code)
				if (d.Code == "3.3" && r.online) || (d.Code == "4.2" && r.digitised) || (d.Code == "4.3" && r.reused) {
					num = append(num, r.code)
				}
			}
			out = append(out, ratio(d, num, den, "dossier"))
		case "3.6":
			var num, den []string
			for _, r := range f.fees {
				den = append(den, r.ref)
				if r.online {
					num = append(num, r.ref)
				}
			}
			out = append(out, ratio(d, num, den, "dossier"))
		case "4.1":
			// Only dossiers settled with a result can carry an electronic one.
			var num, den []string
			for _, r := range f.settled {
				if r.result {
					den = append(den, r.code)
					if r.eResult {
						num = append(num, r.code)
					}
				}
			}
			out = append(out, ratio(d, num, den, "dossier"))
		case "5.4":
			// 100% − (late% + dissatisfied%): late% over the dossiers settled in the month,
			// dissatisfied% over those of them that were evaluated. The numerator lists the
			// dossiers counted against the agency (late or dissatisfied); the value follows the
			// formula, not numerator ÷ denominator.
			fg := figure{def: d, kind: "dossier"}
			late, evaluated, unhappy := 0, 0, 0
			for _, r := range f.settled {
				fg.denominator = append(fg.denominator, r.code)
				if !r.onTime {
					late++
				}
				if r.evaluated {
					evaluated++
					if r.dissatisfed {
						unhappy++
					}
				}
				if !r.onTime || r.dissatisfed {
					fg.numerator = append(fg.numerator, r.code)
				}
			}
			if n := len(fg.denominator); n > 0 {
				v := 1 - float64(late)/float64(n)
				if evaluated > 0 {
					v -= float64(unhappy) / float64(evaluated)
				}
				v = max(v, 0)
				fg.value = &v
				fg.score = score(d, v)
			}
			out = append(out, fg)
		}
	}
	return out
}
