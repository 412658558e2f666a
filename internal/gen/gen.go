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
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
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

// stableUnit is a number in [0, 1) fixed by a string, so an agency's size does not depend on
// the seed and stays the same across runs that add to one database.
func stableUnit(s string, salt byte) float64 {
	h := fnv.New64a()
	h.Write([]byte{salt})
	h.Write([]byte(s))
	return float64(h.Sum64()>>11) / (1 << 53)
}

func (g *generator) loadCity(ctx context.Context) error {
	as, err := org.NewStore(g.d).Agencies(ctx)
	if err != nil {
		return err
	}
	var busiest float64
	var demoWard *agency
	for _, a := range as {
		if a.Kind == org.KindCity {
			continue
		}
		x := &agency{id: a.ID, code: a.Code, nationalID: a.NationalID, province: a.Level == "province",
			ward: a.Kind == org.KindWard, place: strings.TrimPrefix(a.Name, "UBND ")}
		if x.nationalID == "" {
			x.nationalID = a.Code
		}
		if !x.province {
			// Log-normal sizes (σ 0.5) around 1.6 for wards, 0.8 for communes: urban wards
			// are denser. Box–Muller over two stable uniforms.
			u1, u2 := max(stableUnit(a.Code, 1), 1e-9), stableUnit(a.Code, 2)
			z := math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
			base := 0.8
			if x.ward {
				base = 1.6
			}
			x.weight = base * math.Exp(0.5*z)
			busiest = max(busiest, x.weight)
			if a.Code == "00070" {
				demoWard = x
			}
			g.units = append(g.units, x)
		}
		g.agencies = append(g.agencies, x)
	}
	if len(g.units) == 0 {
		return errors.New("gen: no wards or communes; seed the demo city first (demo.Seed)")
	}
	if demoWard != nil {
		// The demo accounts work at Hoàn Kiếm: make it as busy as the busiest ward, the worst
		// case an officer meets.
		demoWard.weight = busiest
	}
	w := make([]float64, len(g.units))
	for i, u := range g.units {
		w[i] = u.weight
	}
	g.unitPick = newCumul(w)
	return nil
}

func (g *generator) agency(code string) *agency {
	for _, a := range g.agencies {
		if a.code == code {
			return a
		}
	}
	return nil
}

func (g *generator) loadProcedures(ctx context.Context) error {
	ps, err := catalog.NewStore(g.d).All(ctx)
	if err != nil {
		return err
	}
	rank := func(list []string, code string) int {
		if i := slices.Index(list, code); i >= 0 {
			return i + 1
		}
		return len(list) + 5
	}
	var cw, pw, cwo, pwo []float64
	for _, p := range ps {
		if p.Status != catalog.StatusActive {
			continue
		}
		x := &proc{p: p, online: onlineShare[p.OnlineLevel]}
		for _, c := range p.AgencyCodes {
			if a := g.agency(c); a != nil {
				x.agencies = append(x.agencies, a)
			}
		}
		if len(x.agencies) == 0 {
			for _, a := range g.agencies {
				if a.province == (p.Level == catalog.LevelProvince) {
					x.agencies = append(x.agencies, a)
				}
			}
		}
		if len(x.agencies) == 0 {
			continue
		}
		aw := make([]float64, len(x.agencies))
		for i, a := range x.agencies {
			aw[i] = 1 // departments share their procedures evenly
			if !a.province {
				aw[i] = a.weight
			}
		}
		x.pick = newCumul(aw)
		for _, c := range p.Components {
			if !dossier.FormOnly(c) {
				x.comps = append(x.comps, c.ID)
			}
		}
		for _, c := range p.Components {
			if dossier.FormOnly(c) {
				x.comps = append(x.comps, c.ID)
			}
		}
		if x.form, err = newFormTemplate(p); err != nil {
			return fmt.Errorf("gen: procedure %s: %w", p.Code, err)
		}
		if p.Level == catalog.LevelProvince {
			w := math.Pow(float64(rank(provinceRank, p.Code)), -zipfExponent)
			g.pProcs, pw, pwo = append(g.pProcs, x), append(pw, w), append(pwo, w*x.online)
		} else {
			w := math.Pow(float64(rank(communeRank, p.Code)), -zipfExponent)
			g.cProcs, cw, cwo = append(g.cProcs, x), append(cw, w), append(cwo, w*x.online)
		}
	}
	if len(g.cProcs) == 0 {
		return errors.New("gen: no commune-level procedures in force; seed the demo catalog first (demo.Seed)")
	}
	g.commune, g.onlineC = newCumul(cw), newCumul(cwo)
	if len(g.pProcs) > 0 {
		g.province, g.onlineP = newCumul(pw), newCumul(pwo)
	}
	return nil
}

// loadProcess finds the default process definition, storing it as the workflow would on its
// first action if nobody has acted yet.
func (g *generator) loadProcess(ctx context.Context) error {
	def := workflow.Default()
	g.steps, g.stepIdx = map[string]*workflow.Step{}, map[string]int{}
	for i := range def.Steps {
		s := &def.Steps[i]
		g.steps[s.ID], g.stepIdx[s.ID] = s, i
		g.weights = append(g.weights, s.BudgetPercent)
	}
	err := g.d.QueryRow(ctx, `SELECT id FROM process_definitions WHERE procedure_code = '' ORDER BY version DESC LIMIT 1`).Scan(&g.process)
	if err == nil || !errors.Is(err, db.ErrNotFound) {
		return err
	}
	doc, err := json.Marshal(def)
	if err != nil {
		return err
	}
	g.process, err = db.InsertID(ctx, g.d, `INSERT INTO process_definitions (procedure_code, version, doc, created_at)
		VALUES ('', 1, ?, ?)`, string(doc), time.Now().UTC())
	return err
}

func (g *generator) loadSample(ctx context.Context) error {
	// One argon2id hash for every generated account (password "demo"): hashing each would
	// take longer than generating the year.
	var err error
	if g.hash, err = identity.HashPassword(demo.Password); err != nil {
		return err
	}
	if g.opts.SampleFile != "" {
		return g.d.QueryRow(ctx, `SELECT sha256, size, content_type FROM files WHERE id = ?`, g.opts.SampleFile).Scan(
			&g.file.sum, &g.file.size, &g.file.typ)
	}
	sum := sha256.Sum256(samplePDF)
	g.file.sum, g.file.size, g.file.typ = hex.EncodeToString(sum[:]), int64(len(samplePDF)), dossier.TypePDF
	return nil
}

// loadPeople reads the officers, citizens and files already there, so a second run adds to
// the first: the same officers work on, and earlier citizens file again.
func (g *generator) loadPeople(ctx context.Context) error {
	byID := map[int64]*agency{}
	for _, a := range g.agencies {
		byID[a.id] = a
	}
	g.usernames = map[string]bool{}
	rows, err := g.d.Query(ctx, `SELECT id, username, full_name, role, COALESCE(agency_id, 0), active FROM users
		WHERE role IN ('reception', 'specialist', 'leader') ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var o officer
		var username, role string
		var ag int64
		var active int
		if err := rows.Scan(&o.id, &username, &o.name, &role, &ag, &active); err != nil {
			rows.Close()
			return err
		}
		g.usernames[username] = true
		a := byID[ag]
		if a == nil || active != 1 {
			continue
		}
		switch org.Role(role) {
		case org.RoleReception:
			a.reception = append(a.reception, o)
		case org.RoleSpecialist:
			a.special = append(a.special, o)
		case org.RoleLeader:
			a.leader = append(a.leader, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Officers' generated files: scans at reception, result documents at approval.
	rows, err = g.d.Query(ctx, `SELECT f.id, f.name, u.agency_id FROM files f JOIN users u ON u.id = f.owner_id
		WHERE u.role IN ('reception', 'leader') AND (f.name LIKE 'scan-%' OR f.name LIKE 'ket-qua-%') ORDER BY f.name, f.id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, name string
		var ag int64
		if err := rows.Scan(&id, &name, &ag); err != nil {
			rows.Close()
			return err
		}
		if a := byID[ag]; a != nil {
			if strings.HasPrefix(name, "scan-") {
				a.scans = append(a.scans, id)
			} else {
				a.results = append(a.results, id)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return g.loadCitizens(ctx)
}

func (g *generator) loadCitizens(ctx context.Context) error {
	units := map[string]*agency{}
	for _, u := range g.units {
		units[u.code] = u
	}
	rows, err := g.d.Query(ctx, `SELECT id, full_name, COALESCE(id_number, ''), COALESCE(phone, ''), COALESCE(email, ''),
		COALESCE(unit_code, ''), address_line, COALESCE(birth_date, '') FROM users WHERE role = 'citizen' AND active = 1 ORDER BY id`)
	if err != nil {
		return err
	}
	index := map[int64]int{}
	for rows.Next() {
		var p person
		var unit string
		if err := rows.Scan(&p.id, &p.name, &p.idNumber, &p.phone, &p.email, &unit, &p.address, &p.birth); err != nil {
			rows.Close()
			return err
		}
		if f := strings.Fields(p.name); len(f) > 0 {
			p.givenName = f[len(f)-1]
		}
		// The CCCD's fourth digit: even for men, odd for women.
		p.female = len(p.idNumber) == 12 && (p.idNumber[3]-'0')%2 == 1
		index[p.id] = len(g.citizens)
		if u := units[unit]; u != nil {
			u.citizens = append(u.citizens, len(g.citizens))
		}
		g.citizens = append(g.citizens, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = g.d.Query(ctx, `SELECT f.owner_id, f.id FROM files f JOIN users u ON u.id = f.owner_id
		WHERE u.role = 'citizen' AND f.name LIKE 'giay-to-%' ORDER BY f.owner_id, f.name`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var owner int64
		var id string
		if err := rows.Scan(&owner, &id); err != nil {
			return err
		}
		if i, ok := index[owner]; ok {
			p := &g.citizens[i]
			if p.files[0] == "" {
				p.files[0] = id
			} else if p.files[1] == "" {
				p.files[1] = id
			}
		}
	}
	return rows.Err()
}

// maxID is the largest id of a table. Generate hands out users and dossier ids itself, so the
// rows that point at them can be written in the same batch.
func (g *generator) maxID(ctx context.Context, table string) (int64, error) {
	var n int64
	err := g.d.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&n)
	return n, err
}

// fileID is a random-looking 32-hex-digit id like the ones uploads get, from the seeded RNG.
func fileID(r *rand.Rand) string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return hex.EncodeToString(b[:])
}

// addOfficers gives every ward, commune and department that lacks them a reception officer,
// two to four specialists (more at busier agencies) and a leader — tn.<code>, cv.<code>.<n>,
// ld.<code> — and each agency a few scanned documents and result documents to attach.
func (g *generator) addOfficers(ctx context.Context) error {
	next, err := g.maxID(ctx, "users")
	if err != nil {
		return err
	}
	// Seeded, and varied by what is already there: a second run with the same seed must not
	// make the same file ids.
	r := rand.New(rand.NewPCG(uint64(g.opts.Seed), 0x0ff1ce^uint64(next)))
	users := newInserter(g.d, "users", userCols)
	var files rowList
	ranked := append([]*agency{}, g.units...)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].weight > ranked[j].weight })
	nSpecial := map[*agency]int{}
	for i, a := range ranked {
		nSpecial[a] = 2 + 2*(len(ranked)-1-i)/len(ranked) + boolInt(i < len(ranked)/3)
	}
	created := g.start.AddDate(0, -6, 0)
	return g.d.InTx(ctx, func(tx *db.Tx) error {
		add := func(a *agency, role org.Role, username string) (officer, error) {
			next++
			p := newPerson(r, a.place, a.ward, 1970+r.IntN(30))
			o := officer{id: next, name: p.name}
			err := users.add(ctx, tx, next, username, g.hash, p.name, nil, nil, string(role), a.id, 1, ts(created),
				0, 0, p.idNumber, p.birth, nil, "", "vi")
			g.stats.Officers++
			return o, err
		}
		for _, a := range g.agencies {
			code := strings.ToLower(a.code)
			n := nSpecial[a]
			if a.province {
				n = 4
			}
			want := []seat{{org.RoleReception, "tn." + code}}
			for k := 1; k <= n; k++ {
				want = append(want, seat{org.RoleSpecialist, fmt.Sprintf("cv.%s.%d", code, k)})
			}
			want = append(want, seat{org.RoleLeader, "ld." + code})
			for _, w := range want {
				if g.usernames[w.username] {
					continue
				}
				o, err := add(a, w.role, w.username)
				if err != nil {
					return err
				}
				switch w.role {
				case org.RoleReception:
					a.reception = append(a.reception, o)
				case org.RoleSpecialist:
					a.special = append(a.special, o)
				default:
					a.leader = append(a.leader, o)
				}
			}
			for len(a.scans) < 8 {
				id := fileID(r)
				files.add(id, a.reception[0].id, g.file.sum, g.file.size, g.file.typ, fmt.Sprintf("scan-%02d.pdf", len(a.scans)+1), ts(created))
				a.scans = append(a.scans, id)
				g.stats.Files++
			}
			for len(a.results) < 4 {
				id := fileID(r)
				files.add(id, a.leader[0].id, g.file.sum, g.file.size, g.file.typ, fmt.Sprintf("ket-qua-%02d.pdf", len(a.results)+1), ts(created))
				a.results = append(a.results, id)
				g.stats.Files++
			}
		}
		if err := users.flush(ctx, tx); err != nil {
			return err
		}
		return files.write(ctx, tx, newInserter(g.d, "files", fileCols))
	})
}

// rowList holds rows to write after the rows they refer to.
type rowList [][]any

func (l *rowList) add(vals ...any) { *l = append(*l, vals) }

func (l *rowList) write(ctx context.Context, tx *db.Tx, in *inserter) error {
	for _, row := range *l {
		if err := in.add(ctx, tx, row...); err != nil {
			return err
		}
	}
	*l = (*l)[:0]
	return in.flush(ctx, tx)
}

// seat is an officer account an agency should have.
type seat struct {
	role     org.Role
	username string
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// addCitizens creates opts.Citizens citizen accounts (cd.0000001, …; password "demo") living in
// the wards and communes in proportion to their size, each with two uploaded documents.
func (g *generator) addCitizens(ctx context.Context) error {
	var last string
	err := g.d.QueryRow(ctx, `SELECT COALESCE(MAX(username), '') FROM users WHERE username LIKE 'cd.%'`).Scan(&last)
	if err != nil {
		return err
	}
	serial := 0
	fmt.Sscanf(strings.TrimPrefix(last, "cd."), "%d", &serial)
	r := rand.New(rand.NewPCG(uint64(g.opts.Seed), 0xc171^uint64(serial)))
	next, err := g.maxID(ctx, "users")
	if err != nil {
		return err
	}
	users, files := newInserter(g.d, "users", userCols), newInserter(g.d, "files", fileCols)
	var pending rowList
	for done := 0; done < g.opts.Citizens; {
		n := min(g.opts.Citizens-done, 50_000)
		err := g.d.InTx(ctx, func(tx *db.Tx) error {
			for range n {
				next++
				serial++
				u := g.units[g.unitPick.pick(r)]
				p := newPerson(r, u.place, u.ward, g.opts.Year-18-r.IntN(62))
				p.id, p.phone = next, uniquePhone(serial)
				var email any
				if r.IntN(5) < 2 {
					p.email = emailOf(p.name, serial)
					email = p.email
				}
				created := g.start.Add(-time.Duration(r.IntN(700*24)) * time.Hour)
				if err := users.add(ctx, tx, next, fmt.Sprintf("cd.%07d", serial), g.hash, p.name, email, p.phone, "citizen",
					nil, 1, ts(created), boolInt(email != nil), 1, p.idNumber, p.birth, u.code, p.address, "vi"); err != nil {
					return err
				}
				for k, name := range []string{"giay-to-tuy-than.pdf", "giay-to-kem-theo.pdf"} {
					p.files[k] = fileID(r)
					pending.add(p.files[k], next, g.file.sum, g.file.size, g.file.typ, name, ts(created))
				}
				u.citizens = append(u.citizens, len(g.citizens))
				g.citizens = append(g.citizens, p)
			}
			if err := users.flush(ctx, tx); err != nil {
				return err
			}
			return pending.write(ctx, tx, files)
		})
		if err != nil {
			return err
		}
		done += n
		g.stats.Citizens += n
		g.stats.Files += 2 * n
	}
	return nil
}

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
