// Package gen fills a database with a realistic year of a city's one-stop work: officers for
// every ward, commune and department, citizen accounts, and dossiers (hồ sơ) spread over the
// year and the agencies with the skew of real demand, each with the history, step log,
// attachments, code and status it would have if officers had worked it through the workflow
// up to a given moment. It exists for benchmarks at Hà Nội's volume (2.4 million dossiers a
// year, egov.md §9) and for demonstrations.
//
// The data follow workflow.Default, the process every demo procedure runs under: reception,
// processing by a specialist, approval by the leader, return of the result. Generate writes
// rows directly, in large transactions of multi-row INSERTs, rather than through the workflow
// (which would take days at this volume); the package test checks that what it writes is what
// the workflow would have written.
//
// Generate expects a migrated database seeded with the demo city (demo.Seed) and no other
// writer while it runs: it hands out row ids and dossier codes itself.
package gen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/workflow"
)

// Options says what to generate.
type Options struct {
	// Dossiers is how many dossiers to add.
	Dossiers int
	// Year is the calendar year (Asia/Ho_Chi_Minh) the dossiers are submitted in.
	Year int
	// Seed makes the data reproducible: the same seed on the same database gives the same rows.
	Seed int64
	// AsOf is the moment the data stand at: no action happens after it, so recent dossiers are
	// still waiting at a step. Zero means 16:00 on the last day of Year.
	AsOf time.Time
	// From and To bound when the dossiers are filed, [From, To); zero means 1 January of Year
	// and AsOf. Demand is spread over the days in between as over a whole year, so two runs
	// over adjacent periods make one year.
	From, To time.Time
	// Citizens is how many citizen accounts to add; 0 means one for every 12 dossiers. Online
	// dossiers are filed by these accounts, most by people of the receiving ward or commune.
	Citizens int
	// Calendar gives the working days and hours deadlines are counted in; nil means the
	// built-in calendar with the database's overrides (calendar.NewStore).
	Calendar *calendar.Store
	// SampleFile, when set, is the id of an existing file whose content every generated file
	// shares (the blob is stored once, content-addressed), so attachments can be downloaded.
	// Otherwise the files point at a blob that was never stored.
	SampleFile string
	// Progress, when set, is called after each committed batch with the totals so far.
	Progress func(Stats)
}

// Stats counts what Generate wrote.
type Stats struct {
	Officers, Citizens, Files      int
	Dossiers, Events, Steps        int
	Attachments, Sequences         int
	ByStatus                       map[dossier.Status]int
	ByChannel                      map[dossier.Channel]int
	Elapsed                        time.Duration
	First, Last                    string // the first and last dossier codes written
	AsOf                           time.Time
	Period                         [2]time.Time // first and last submission
	Open, Overdue                  int          // dossiers waiting at a step at AsOf; of which overdue
	Late                           int          // decided after their due date
	SupplementRequests, Extensions int
	// Aggregates is how long rebuilding the dashboard aggregates took (stats.Rebuild, after the
	// load; not in Elapsed).
	Aggregates time.Duration
}

// Rows is the number of rows inserted.
func (s Stats) Rows() int {
	return s.Officers + s.Citizens + s.Files + s.Dossiers + s.Events + s.Steps + s.Attachments + s.Sequences
}

// RowsPerSecond is the insert rate.
func (s Stats) RowsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Rows()) / s.Elapsed.Seconds()
}

// Procedures ranked by how often they are filed, most frequent first: within each level the
// n-th gets weight 1/n^1.1 (Zipf-like). No per-procedure statistics are published for Hà Nội;
// the order follows what commune one-stop offices report as their daily work (certification of
// copies and signatures, birth registration, residence, ID cards, marital status, …).
var (
	communeRank = []string{
		"2.000815", "2.000884", "1.001193", "1.004194", "1.004222", "1.014063", "1.004873", "2.000635",
		"1.014061", "1.000656", "1.000894", "1.013978", "2.000986", "1.002755", "2.001035", "1.001612",
		"2.000720", "1.004859", "1.011607", "1.013225", "2.001406", "2.000908", "1.001570", "1.001266",
		"1.013229", "1.004884", "3.000467", "2.001019", "1.012812", "1.013227", "1.001022", "1.004837",
		"1.004746", "1.005461", "2.000528", "2.000806", "2.001263", "1.002211",
	}
	provinceRank = []string{"3.000333", "1.001456", "3.000347", "2.001610", "1.013992", "1.012784", "1.012786", "1.013236"}
)

// Shares of the work (egov.md §9: commune level about 80%).
const (
	communeShare = 0.80
	zipfExponent = 1.1
	chunkSize    = 20_000 // dossiers per transaction
)

// Online shares by the procedure's online level (Hà Nội commune level, 2025: 59.7% online).
var onlineShare = map[catalog.OnlineLevel]float64{catalog.OnlineFull: 0.92, catalog.OnlinePartial: 0.75, catalog.OnlineNone: 0}

// samplePDF is the content generated files point at when no SampleFile is given.
var samplePDF = SamplePDF()

// SamplePDF returns a one-page PDF saying that the document is generated test data: the
// content the command stores once for every generated file to share.
func SamplePDF() []byte {
	text := "BT /F1 14 Tf 72 760 Td (motcua - tai lieu mau, du lieu sinh tu dong) Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(text), text),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

type officer struct {
	id   int64
	name string
}

type agency struct {
	id                 int64
	code, nationalID   string
	place              string // "Phường Hoàn Kiếm", for addresses
	ward, province     bool
	weight             float64
	reception, special []officer
	leader             []officer
	scans, results     []string // files owned by the agency's officers
	citizens           []int    // indices into generator.citizens of people living here
}

type proc struct {
	p        *catalog.Procedure
	agencies []*agency
	pick     cumul // over agencies, by weight
	online   float64
	comps    []string
	form     *formTemplate
}

type generator struct {
	d        *db.DB
	opts     Options
	cal      *calendar.Calendar
	asOf     time.Time
	start    time.Time // 1 January of the year
	from, to time.Time // when dossiers are filed
	agencies []*agency
	units    []*agency // wards, communes and special zones
	commune  cumul     // over cProcs
	province cumul
	onlineC  cumul // commune procedures filed online, for days off
	onlineP  cumul
	cProcs   []*proc
	pProcs   []*proc
	unitPick cumul
	process  int64 // the default process definition
	steps    map[string]*workflow.Step
	weights  []int // step budgets
	stepIdx  map[string]int
	citizens []person
	hash     string // password hash shared by generated accounts
	file     struct {
		sum, typ string
		size     int64
	}
	seq       map[seqKey]int
	usernames map[string]bool // officers already there
	nextID    int64           // the last dossier id handed out
	stats     Stats
}

type seqKey struct {
	agency int64
	day    string
}

// Generate adds opts.Dossiers dossiers (and the officers and citizens they need) to d.
func Generate(ctx context.Context, d *db.DB, opts Options) (Stats, error) {
	began := time.Now()
	if opts.Dossiers < 0 {
		return Stats{}, errors.New("gen: negative number of dossiers")
	}
	if opts.Year < calendar.MinYear+1 || opts.Year > calendar.MaxYear-1 {
		return Stats{}, fmt.Errorf("gen: year %d out of range", opts.Year)
	}
	if opts.Calendar == nil {
		opts.Calendar = calendar.NewStore(d, nil)
	}
	if opts.Citizens == 0 {
		opts.Citizens = max(opts.Dossiers/12, 20)
	}
	g := &generator{d: d, opts: opts, seq: map[seqKey]int{}}
	g.stats.ByStatus = map[dossier.Status]int{}
	g.stats.ByChannel = map[dossier.Channel]int{}
	loc := vntime.Location()
	g.start = time.Date(opts.Year, 1, 1, 0, 0, 0, 0, loc)
	g.asOf = opts.AsOf
	if g.asOf.IsZero() {
		g.asOf = time.Date(opts.Year, 12, 31, 16, 0, 0, 0, loc)
	}
	if !g.asOf.After(g.start) {
		return Stats{}, fmt.Errorf("gen: AsOf %v is before year %d", g.asOf, opts.Year)
	}
	g.from, g.to = opts.From, opts.To
	if g.from.IsZero() {
		g.from = g.start
	}
	if g.to.IsZero() || g.to.After(g.asOf) {
		g.to = g.asOf
	}
	if !g.to.After(g.from) {
		return Stats{}, fmt.Errorf("gen: nothing filed between %v and %v", g.from, g.to)
	}
	g.stats.AsOf = g.asOf.In(loc)
	var err error
	if g.cal, err = opts.Calendar.Calendar(ctx); err != nil {
		return Stats{}, err
	}
	restore, err := g.tune(ctx)
	if err != nil {
		return Stats{}, err
	}
	defer restore()
	steps := []struct {
		name string
		run  func(context.Context) error
	}{{"agencies", g.loadCity}, {"procedures", g.loadProcedures}, {"process", g.loadProcess}, {"files", g.loadSample},
		{"people", g.loadPeople}, {"officers", g.addOfficers}, {"citizens", g.addCitizens},
		{"dossiers", func(ctx context.Context) error { return g.dossiers(ctx, began) }}, {"finish", g.finish}}
	for _, s := range steps {
		if err := s.run(ctx); err != nil {
			return g.stats, fmt.Errorf("gen: %s: %w", s.name, err)
		}
	}
	g.stats.Elapsed = time.Since(began)
	// The rows were written directly, not through internal/dossier: the dashboard aggregates
	// are recomputed from them.
	began = time.Now()
	if err := stats.Rebuild(ctx, d); err != nil {
		return g.stats, fmt.Errorf("gen: aggregates: %w", err)
	}
	g.stats.Aggregates = time.Since(began)
	return g.stats, nil
}

// tune speeds up a bulk load on SQLite: no fsync per commit (the load is redone from scratch
// if the machine dies) and a large page cache for the indexes being filled. Both are settings
// of the writer connection only, restored afterwards.
func (g *generator) tune(ctx context.Context) (func(), error) {
	if g.d.Engine != db.SQLite {
		return func() {}, nil
	}
	for _, p := range []string{`PRAGMA synchronous = OFF`, `PRAGMA cache_size = -1048576`} {
		if _, err := g.d.Exec(ctx, p); err != nil {
			return nil, err
		}
	}
	return func() {
		ctx := context.WithoutCancel(ctx)
		g.d.Exec(ctx, `PRAGMA synchronous = NORMAL`)
		g.d.Exec(ctx, `PRAGMA cache_size = -2000`)
	}, nil
}

// addOfficers gives every ward, commune and department that lacks them a reception officer,

// finish brings PostgreSQL's identity sequences past the ids handed out, and refreshes the
// planner's statistics and visibility map after the load, as autovacuum soon would.
func (g *generator) finish(ctx context.Context) error {
	if g.d.Engine != db.Postgres {
		return nil
	}
	for _, t := range []string{"users", "dossiers"} {
		if _, err := g.d.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
			return fmt.Errorf("gen: identity of %s: %w", t, err)
		}
	}
	for _, t := range []string{"users", "files", "dossiers", "dossier_events", "dossier_steps", "dossier_attachments", "dossier_sequences"} {
		if _, err := g.d.Exec(ctx, `VACUUM ANALYZE `+t); err != nil {
			return fmt.Errorf("gen: vacuum %s: %w", t, err)
		}
	}
	return nil
}

// cumul draws indices in proportion to weights.
type cumul struct{ c []float64 }

func newCumul(w []float64) cumul {
	c := make([]float64, len(w))
	sum := 0.0
	for i, x := range w {
		sum += x
		c[i] = sum
	}
	return cumul{c}
}

func (c cumul) pick(r *rand.Rand) int {
	u := r.Float64() * c.c[len(c.c)-1]
	i := sort.SearchFloat64s(c.c, u)
	for i < len(c.c)-1 && c.c[i] <= u {
		i++
	}
	return i
}

func (c cumul) empty() bool { return len(c.c) == 0 || c.c[len(c.c)-1] == 0 }
