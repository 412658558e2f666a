package news

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/web"
)

// Feeds per category (?chuyen-muc=; none: every category): Atom (RFC 4287) and RSS 2.0,
// written with encoding/xml: a few elements each, not worth a library. Entries carry the
// summary, not the body: readers follow the link to the page.

const feedSize = 20

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	ID        string   `xml:"id"`
	Link      atomLink `xml:"link"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Summary   string   `xml:"summary"`
	Category  atomCat  `xml:"category"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type rssFeed struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	Items       []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Description string  `xml:"description"`
	Category    string  `xml:"category"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// feedItems reads the newest articles of the requested category; a bad category is 404.
func (h *Handler) feedItems(w http.ResponseWriter, r *http.Request) (news.Category, []*news.Article, web.Lang, bool) {
	v := h.NewView(w, r)
	c := news.Category(r.URL.Query().Get("chuyen-muc"))
	if c != "" && !c.Valid() {
		h.site.NotFound(w, r)
		return "", nil, v.L, false
	}
	as, _, err := h.news.List(r.Context(), nil, news.Query{Category: c, PerPage: feedSize})
	if err != nil {
		h.site.Fail(w, r, v, err)
		return "", nil, v.L, false
	}
	return c, as, v.L, true
}

func (h *Handler) baseURL(r *http.Request) string {
	if h.base != "" {
		return strings.TrimRight(h.base, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (h *Handler) feedTitle(l web.Lang, c news.Category) string {
	if c == "" {
		return l.T("news.feed.title")
	}
	return l.T("news.feed.title") + ": " + labels{l}.Cat(c)
}

func (h *Handler) atom(w http.ResponseWriter, r *http.Request) {
	c, as, l, ok := h.feedItems(w, r)
	if !ok {
		return
	}
	base := h.baseURL(r)
	self := base + Path + "/atom.xml"
	page := base + Path
	if c != "" {
		self += "?chuyen-muc=" + string(c)
		page += "?chuyen-muc=" + string(c)
	}
	f := atomFeed{Lang: l.Lang.String(), Title: h.feedTitle(l, c), ID: self, Updated: h.now().UTC().Format(time.RFC3339),
		Links: []atomLink{{Rel: "self", Href: self}, {Rel: "alternate", Href: page}}, Author: atomAuthor{Name: l.T("news.feed.author")}}
	if len(as) > 0 {
		f.Updated = as[0].UpdatedAt.UTC().Format(time.RFC3339)
	}
	for _, a := range as {
		t := textOf(a, l.EN(), false)
		link := base + ArticlePath(a.Slug)
		f.Entries = append(f.Entries, atomEntry{Title: t.Title, ID: link, Link: atomLink{Rel: "alternate", Href: link},
			Published: a.PublishAt.UTC().Format(time.RFC3339), Updated: a.UpdatedAt.UTC().Format(time.RFC3339),
			Summary: t.Summary, Category: atomCat{Term: string(a.Category), Label: labels{l}.Cat(a.Category)}})
	}
	writeXML(w, r, "application/atom+xml; charset=utf-8", f)
}

func (h *Handler) rss(w http.ResponseWriter, r *http.Request) {
	c, as, l, ok := h.feedItems(w, r)
	if !ok {
		return
	}
	base := h.baseURL(r)
	page := base + Path
	if c != "" {
		page += "?chuyen-muc=" + string(c)
	}
	f := rssFeed{Version: "2.0", Channel: rssChannel{Title: h.feedTitle(l, c), Link: page, Description: l.T("news.lead"),
		Language: l.Lang.String()}}
	for _, a := range as {
		t := textOf(a, l.EN(), false)
		link := base + ArticlePath(a.Slug)
		f.Channel.Items = append(f.Channel.Items, rssItem{Title: t.Title, Link: link, GUID: rssGUID{IsPermaLink: true, Value: link},
			PubDate: a.PublishAt.Format(time.RFC1123Z), Description: t.Summary, Category: labels{l}.Cat(a.Category)})
	}
	writeXML(w, r, "application/rss+xml; charset=utf-8", f)
}

func writeXML(w http.ResponseWriter, r *http.Request, ctype string, v any) {
	out, err := xml.MarshalIndent(v, "", " ")
	if err != nil { // the feed's types hold strings alone: a bug, not bad input
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write([]byte(xml.Header))
	if r.Method != http.MethodHead {
		w.Write(out)
	}
}
