package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
)

// Store runs dossiers through their processes.
type Store struct {
	db       *db.DB
	dossiers *dossier.Store
	catalog  *catalog.Store
	org      *org.Store
	cal      *calendar.Store
	links    dossier.Links
	now      func() time.Time

	// Result makes the result document at approval (the demo city fills it from a template);
	// nil means the officer attaches the result when returning it.
	Result func(ctx context.Context, d *dossier.Dossier) (*ResultDocument, error)
	// Fees raises and checks dossiers' fees (the payment ledger); nil means no fees are taken.
	Fees Fees

	mu   sync.Mutex
	defs map[int64]*Definition // by id; a stored version never changes
}

// ResultDocument is a result made at approval: its bytes, stored before the action's
// transaction, and Issue, when set, which records it in that transaction once its file row is
// written (the signed results' registry, internal/esign), so that it is issued with the
// approval or not at all.
type ResultDocument struct {
	Name    string
	Content []byte
	Issue   func(ctx context.Context, tx *db.Tx, f *dossier.File) error
}

// Config holds a Store's dependencies.
type Config struct {
	DB       *db.DB
	Dossiers *dossier.Store
	Catalog  *catalog.Store
	Org      *org.Store
	Calendar *calendar.Store
	Links    dossier.Links // where forms' QR codes and officers' messages point
}

// NewStore returns a workflow store.
func NewStore(c Config) *Store {
	return &Store{db: c.DB, dossiers: c.Dossiers, catalog: c.Catalog, org: c.Org, cal: c.Calendar, links: c.Links, now: time.Now,
		defs: map[int64]*Definition{}}
}

// WithClock makes s read the time from now (tests); it returns s.
func (s *Store) WithClock(now func() time.Time) *Store {
	s.now = now
	return s
}

// Publish stores a new version of a procedure's process (or of the default process, code "",
// which needs d.Default: the explicit intent to change every procedure without its own) after
// validating it completely; running dossiers keep the version they started with.
func (s *Store) Publish(ctx context.Context, actor *org.User, d *Definition) (*Definition, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	if !actor.CanManageCatalog() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.only_catalog_administrators_may_publish_processes"))
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	switch {
	case d.ProcedureCode == "" && !d.Default:
		return nil, apperr.Invalid("invalid_process", msgs.Text("invalid_process"),
			apperr.Field("default", msgs.Text("replacing_default_needs_intent")))
	case d.ProcedureCode != "" && d.Default:
		return nil, apperr.Invalid("invalid_process", msgs.Text("invalid_process"),
			apperr.Field("default", msgs.Text("default_process_has_no_procedure")))
	}
	if d.ProcedureCode != "" {
		if _, err := s.catalog.Procedure(ctx, d.ProcedureCode); err != nil {
			return nil, apperr.Invalid("invalid_process", msgs.Text("invalid_process"),
				apperr.Field("procedure_code", msgs.Text("no_procedure", d.ProcedureCode)))
		}
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var v int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM process_definitions WHERE procedure_code = ?`, d.ProcedureCode).Scan(&v); err != nil {
			return err
		}
		d.Version = v + 1
		if err := s.insert(ctx, tx, d, actor.ID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "process.publish",
			Object: d.ProcedureCode, Detail: map[string]any{"version": d.Version, "name": d.Name}})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Store) insert(ctx context.Context, tx *db.Tx, d *Definition, by int64) error {
	doc, err := json.Marshal(d)
	if err != nil {
		return err
	}
	var creator any
	if by != 0 {
		creator = by
	}
	d.ID, err = db.InsertID(ctx, tx, `INSERT INTO process_definitions (procedure_code, version, doc, created_by, created_at)
		VALUES (?, ?, ?, ?, ?)`, d.ProcedureCode, d.Version, string(doc), creator, s.now())
	return err
}

// Definitions lists the latest version of every stored process.
func (s *Store) Definitions(ctx context.Context) ([]*Definition, error) {
	rows, err := s.db.Query(ctx, `SELECT p.id FROM process_definitions p WHERE p.version =
		(SELECT MAX(q.version) FROM process_definitions q WHERE q.procedure_code = p.procedure_code) ORDER BY p.procedure_code`)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []*Definition{}
	for _, id := range ids {
		d, err := s.definition(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// ProcessFor is the process a new dossier of the procedure runs under: its latest stored
// version, or the default process (the reports' process review reads its steps and budgets).
func (s *Store) ProcessFor(ctx context.Context, procedure string) (*Definition, error) {
	return s.latest(ctx, s.db, procedure)
}

// definition loads a stored version by id, cached.
func (s *Store) definition(ctx context.Context, q db.Querier, id int64) (*Definition, error) {
	s.mu.Lock()
	d, ok := s.defs[id]
	s.mu.Unlock()
	if ok {
		return d, nil
	}
	var doc string
	var version int
	if err := q.QueryRow(ctx, `SELECT doc, version FROM process_definitions WHERE id = ?`, id).Scan(&doc, &version); err != nil {
		return nil, fmt.Errorf("workflow: process %d: %w", id, err)
	}
	d = &Definition{}
	if err := json.Unmarshal([]byte(doc), d); err != nil {
		return nil, err
	}
	d.ID, d.Version = id, version
	s.mu.Lock()
	s.defs[id] = d
	s.mu.Unlock()
	return d, nil
}

// current returns the id of the latest process of a procedure, falling back to the default
// process, which is stored on first use.
func (s *Store) current(ctx context.Context, tx *db.Tx, procedure string) (int64, error) {
	for _, code := range []string{procedure, ""} {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM process_definitions WHERE procedure_code = ? ORDER BY version DESC LIMIT 1`, code).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, db.ErrNotFound) {
			return 0, err
		}
	}
	d := Default()
	d.Version = 1
	if err := s.insert(ctx, tx, d, 0); err != nil {
		return 0, err
	}
	return d.ID, nil
}

// processOf returns the process a dossier runs under: the version bound when it was first
// acted on, or the current one for a dossier not yet touched.
func (s *Store) processOf(ctx context.Context, q db.Querier, d *dossier.Dossier) (*Definition, int64, error) {
	var id int64
	if err := q.QueryRow(ctx, `SELECT COALESCE(process_id, 0) FROM dossiers WHERE id = ?`, d.ID).Scan(&id); err != nil {
		return nil, 0, err
	}
	if id == 0 {
		tx, ok := q.(*db.Tx)
		if !ok {
			// Read-only callers see the process the dossier would get.
			var latest int64
			for _, code := range []string{d.ProcedureCode, ""} {
				err := q.QueryRow(ctx, `SELECT id FROM process_definitions WHERE procedure_code = ? ORDER BY version DESC LIMIT 1`, code).Scan(&latest)
				if err == nil {
					def, err := s.definition(ctx, q, latest)
					return def, 0, err
				}
			}
			return Default(), 0, nil
		}
		var err error
		if id, err = s.current(ctx, tx, d.ProcedureCode); err != nil {
			return nil, 0, err
		}
		if err := dossier.BindProcess(ctx, tx, d.ID, id); err != nil {
			return nil, 0, err
		}
	}
	def, err := s.definition(ctx, q, id)
	return def, id, err
}
