package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
)

// Store keeps procedures, their versions and the decisions that made them, and serves search
// from an in-memory index that follows the database.
type Store struct {
	db  *db.DB
	now func() time.Time

	idx       atomic.Pointer[index]
	refreshMu sync.Mutex
	checked   atomic.Int64 // unix nanoseconds of the last generation check
	checking  atomic.Bool  // a background check is under way
	// Staleness is how long a replica may serve search from its index before checking
	// whether another replica applied a decision.
	Staleness time.Duration
}

// NewStore returns a catalog store on d.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, now: time.Now, Staleness: time.Second}
}

var (
	errNotFound         = apperr.NotFound("procedure", msgs.Text("procedure_not_found"))
	errDecisionNotFound = apperr.NotFound("decision", msgs.Text("decision_not_found"))
)

// Procedure returns the current version of a procedure, in force or abolished.
func (s *Store) Procedure(ctx context.Context, code string) (*Procedure, error) {
	p, err := scanProcedure(s.db.QueryRow(ctx, `SELECT p.doc, p.status, p.version, d.number, p.updated_at
		FROM procedures p JOIN decisions d ON d.id = p.decision_id WHERE p.code = ?`, code))
	if errors.Is(err, db.ErrNotFound) {
		return nil, errNotFound
	}
	return p, err
}

func scanProcedure(sc interface{ Scan(...any) error }) (*Procedure, error) {
	var doc, status string
	var p Procedure
	var updated time.Time
	var version int
	var number string
	if err := sc.Scan(&doc, &status, &version, &number, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, fmt.Errorf("catalog: decode procedure: %w", err)
	}
	p.Status, p.Version, p.DecisionNo, p.UpdatedAt = Status(status), version, number, updated.In(vnZone)
	return &p, nil
}

// Version is one version of a procedure in its history.
type Version struct {
	Version   int        `json:"version"`
	Change    string     `json:"change"` // publish | amend | abolish
	Status    Status     `json:"status"`
	Decision  string     `json:"decision"`
	SignedOn  string     `json:"signed_on"`
	CreatedAt time.Time  `json:"created_at"`
	Procedure *Procedure `json:"procedure,omitempty"`
}

// Versions lists a procedure's history, oldest first, each version with the decision that made
// it and its full text.
func (s *Store) Versions(ctx context.Context, code string) ([]Version, error) {
	rows, err := s.db.Query(ctx, `SELECT v.version, v.change, v.status, d.number, d.signed_on, v.created_at, v.doc
		FROM procedure_versions v JOIN decisions d ON d.id = v.decision_id WHERE v.code = ? ORDER BY v.version`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var status, doc string
		if err := rows.Scan(&v.Version, &v.Change, &status, &v.Decision, &v.SignedOn, &v.CreatedAt, &doc); err != nil {
			return nil, err
		}
		v.Status, v.CreatedAt = Status(status), v.CreatedAt.In(vnZone)
		var p Procedure
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			return nil, err
		}
		p.Status, p.Version, p.DecisionNo = v.Status, v.Version, v.Decision
		v.Procedure = &p
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errNotFound
	}
	return out, nil
}

// ApplyDecision validates a publication decision and applies it whole: every procedure it
// publishes, amends or abolishes gets a new version made by it, or, when any item fails,
// nothing changes and every problem is reported with its path.
func (s *Store) ApplyDecision(ctx context.Context, actor *org.User, d *Decision) (*Decision, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	if !actor.CanManageCatalog() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.only_catalog_administrators_may_publish_procedures"))
	}
	d.normalize()
	var fe apperr.Fields
	d.validate(&fe)
	if err := fe.Err("invalid_decision", msgs.Text("invalid_decision")); err != nil {
		return nil, err
	}
	now := s.now()
	errExists := apperr.New(apperr.KindConflict, "decision_exists", msgs.Text("decision_exists", d.Number))
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// A decision is published once; a retry is a conflict, not a list of state errors.
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM decisions WHERE number = ?`, d.Number).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errExists
		}
		cur, err := currentStatus(ctx, tx, d)
		if err != nil {
			return err
		}
		for i, p := range d.Publish {
			if st, ok := cur[p.Code]; ok && st.status == StatusActive {
				fe.Add(fmt.Sprintf("publish[%d].code", i), msgs.Text("procedure_is_already_in_force_use", p.Code))
			}
		}
		for i, p := range d.Amend {
			if st, ok := cur[p.Code]; !ok || st.status != StatusActive {
				fe.Add(fmt.Sprintf("amend[%d].code", i), msgs.Text("no_procedure_in_force_to_amend", p.Code))
			}
		}
		for i, c := range d.Abolish {
			if st, ok := cur[c]; !ok || st.status != StatusActive {
				fe.Add(fmt.Sprintf("abolish[%d]", i), msgs.Text("no_procedure_in_force_to_abolish", c))
			}
		}
		if err := fe.Err("invalid_decision", msgs.Text("invalid_decision")); err != nil {
			return err
		}
		d.Published, d.Amended, d.Abolished = codes(d.Publish), codes(d.Amend), append([]string{}, d.Abolish...)
		d.ID, err = insertDecision(ctx, tx, d, actor, now)
		if err != nil {
			return err
		}
		for i := range d.Publish {
			if err := writeVersion(ctx, tx, &d.Publish[i], cur[d.Publish[i].Code].version+1, "publish", StatusActive, d.ID, now); err != nil {
				return err
			}
		}
		for i := range d.Amend {
			if err := writeVersion(ctx, tx, &d.Amend[i], cur[d.Amend[i].Code].version+1, "amend", StatusActive, d.ID, now); err != nil {
				return err
			}
		}
		for _, c := range d.Abolish {
			p, err := scanProcedure(tx.QueryRow(ctx, `SELECT p.doc, p.status, p.version, d.number, p.updated_at
				FROM procedures p JOIN decisions d ON d.id = p.decision_id WHERE p.code = ?`, c))
			if err != nil {
				return err
			}
			if err := writeVersion(ctx, tx, p, cur[c].version+1, "abolish", StatusAbolished, d.ID, now); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "catalog.decision",
			Object: d.Number, Detail: map[string]any{"published": d.Published, "amended": d.Amended, "abolished": d.Abolished}})
	})
	if errors.Is(err, db.ErrConflict) { // a concurrent insert of the same number
		return nil, errExists
	}
	if err != nil {
		return nil, err
	}
	d.CreatedBy, d.CreatedAt = actor.Username, now.In(vnZone)
	s.Refresh(ctx) // this replica sees its own change at once
	return d, nil
}

type procState struct {
	status  Status
	version int
}

func currentStatus(ctx context.Context, tx *db.Tx, d *Decision) (map[string]procState, error) {
	out := map[string]procState{}
	var all []string
	all = append(all, codes(d.Publish)...)
	all = append(all, codes(d.Amend)...)
	all = append(all, d.Abolish...)
	for _, c := range all {
		var st string
		var v int
		err := tx.QueryRow(ctx, `SELECT status, version FROM procedures WHERE code = ?`, c).Scan(&st, &v)
		if errors.Is(err, db.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[c] = procState{Status(st), v}
	}
	return out, nil
}

func codes(ps []Procedure) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Code
	}
	return out
}

func insertDecision(ctx context.Context, tx *db.Tx, d *Decision, actor *org.User, now time.Time) (int64, error) {
	js := func(v []string) string { b, _ := json.Marshal(v); return string(b) }
	var by any
	if actor.ID != 0 {
		by = actor.ID
	}
	return db.InsertID(ctx, tx, `INSERT INTO decisions (number, signed_on, signer, effective_on, title, published, amended, abolished, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.Number, d.SignedOn, d.Signer, d.EffectiveOn, d.Title,
		js(d.Published), js(d.Amended), js(d.Abolished), by, now)
}

func writeVersion(ctx context.Context, tx *db.Tx, p *Procedure, version int, change string, status Status, decisionID int64, now time.Time) error {
	// The stored document carries no store-set fields; they live in columns.
	doc := *p
	doc.Status, doc.Version, doc.DecisionNo, doc.UpdatedAt = "", 0, "", time.Time{}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO procedure_versions (code, version, status, change, decision_id, doc, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, p.Code, version, string(status), change, decisionID, string(b), now); err != nil {
		return fmt.Errorf("catalog: version %s/%d: %w", p.Code, version, err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO procedures (code, version, status, name, field, level, online_level, decision_id, doc, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET version = excluded.version, status = excluded.status, name = excluded.name,
		field = excluded.field, level = excluded.level, online_level = excluded.online_level,
		decision_id = excluded.decision_id, doc = excluded.doc, updated_at = excluded.updated_at`,
		p.Code, version, string(status), p.Name, p.Field, string(p.Level), string(p.OnlineLevel), decisionID, string(b), now)
	if err != nil {
		return fmt.Errorf("catalog: write %s: %w", p.Code, err)
	}
	return nil
}

const decisionCols = `d.id, d.number, d.signed_on, d.signer, d.effective_on, d.title, d.published, d.amended, d.abolished, COALESCE(u.username, ''), d.created_at`

func scanDecision(sc interface{ Scan(...any) error }) (*Decision, error) {
	var d Decision
	var pub, am, ab string
	if err := sc.Scan(&d.ID, &d.Number, &d.SignedOn, &d.Signer, &d.EffectiveOn, &d.Title, &pub, &am, &ab, &d.CreatedBy, &d.CreatedAt); err != nil {
		return nil, err
	}
	d.CreatedAt = d.CreatedAt.In(vnZone)
	for _, x := range []struct {
		s   string
		dst *[]string
	}{{pub, &d.Published}, {am, &d.Amended}, {ab, &d.Abolished}} {
		if err := json.Unmarshal([]byte(x.s), x.dst); err != nil {
			return nil, err
		}
	}
	return &d, nil
}

// Decisions lists publication decisions, newest signed first, a page at a time.
func (s *Store) Decisions(ctx context.Context, page, perPage int) ([]*Decision, int, error) {
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM decisions`).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+decisionCols+` FROM decisions d LEFT JOIN users u ON u.id = d.created_by
		ORDER BY d.signed_on DESC, d.id DESC LIMIT ? OFFSET ?`, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Decision
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// DecisionByNumber returns one decision.
func (s *Store) DecisionByNumber(ctx context.Context, number string) (*Decision, error) {
	d, err := scanDecision(s.db.QueryRow(ctx, `SELECT `+decisionCols+` FROM decisions d LEFT JOIN users u ON u.id = d.created_by
		WHERE d.number = ?`, number))
	if errors.Is(err, db.ErrNotFound) {
		return nil, errDecisionNotFound
	}
	return d, err
}

// All returns the current version of every procedure, for export and for the index.
func (s *Store) All(ctx context.Context) ([]*Procedure, error) {
	rows, err := s.db.Query(ctx, `SELECT p.doc, p.status, p.version, d.number, p.updated_at
		FROM procedures p JOIN decisions d ON d.id = p.decision_id ORDER BY p.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Procedure
	for rows.Next() {
		p, err := scanProcedure(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
