-- The portal's news (issue 14), owned by internal/news: articles in categories with an
-- editorial flow (draft → review → published → withdrawn), every version kept, tags, linked
-- procedures and readers' comments moderated by editors. Instants UTC.
--
-- An article is visible when status = 'published' and publish_at has come (publication
-- scheduled ahead is a published article with a later publish_at). search_key is the folded
-- text (vntext.Fold) of title, summary, tags and body between spaces, for a LIKE on words.
-- views is written in batches by the replicas' counters (news.Counter), never once per view.
CREATE TABLE articles (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT NOT NULL UNIQUE,
    category   TEXT NOT NULL CHECK (category IN ('tin-tuc','thong-bao','huong-dan','chi-dao-dieu-hanh')),
    status     TEXT NOT NULL CHECK (status IN ('draft','review','published','withdrawn')),
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL,
    body       TEXT NOT NULL,          -- Markdown, rendered and sanitised when read
    title_en   TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    body_en    TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL,
    publish_at TIMESTAMP,
    version    INTEGER NOT NULL,
    views      INTEGER NOT NULL DEFAULT 0,
    author_id  INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX articles_visible ON articles(status, publish_at);
CREATE INDEX articles_category ON articles(category, status, publish_at);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    tag        TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX article_tags_tag ON article_tags(tag);

-- Procedures an article is about (catalog codes); a procedure's page lists its articles.
CREATE TABLE article_procedures (
    article_id     INTEGER NOT NULL REFERENCES articles(id),
    procedure_code TEXT NOT NULL,
    PRIMARY KEY (article_id, procedure_code)
);
CREATE INDEX article_procedures_code ON article_procedures(procedure_code);

-- Every version of an article as it was saved, with who saved it and why; tags and procedures
-- as comma-separated lists, since a version is only ever read whole.
CREATE TABLE article_versions (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    version    INTEGER NOT NULL,
    status     TEXT NOT NULL,
    category   TEXT NOT NULL,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL,
    body       TEXT NOT NULL,
    title_en   TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    body_en    TEXT NOT NULL DEFAULT '',
    tags       TEXT NOT NULL DEFAULT '',
    procedures TEXT NOT NULL DEFAULT '',
    publish_at TIMESTAMP,
    note       TEXT NOT NULL DEFAULT '',
    edited_by  INTEGER REFERENCES users(id),
    edited_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- Readers' comments: shown once an editor approves them. spam lists the spam rules the body
-- broke (comma-separated), for the moderation queue; user_id is the signed-in author, if any.
CREATE TABLE article_comments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id   INTEGER NOT NULL REFERENCES articles(id),
    name         TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    body_key     TEXT NOT NULL,          -- the folded body, for the duplicate rule
    user_id      INTEGER REFERENCES users(id),
    citizen      INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
    spam         TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    moderated_by INTEGER REFERENCES users(id),
    moderated_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX article_comments_article ON article_comments(article_id, status, created_at);
CREATE INDEX article_comments_status ON article_comments(status, created_at);

-- Images uploaded for articles: sniffed (JPEG, PNG, GIF or WebP; never SVG), decoded, resized to
-- at most 1200 pixels wide and re-encoded (which drops their metadata), then kept in the file
-- store by the SHA-256 of the new bytes, which is also their address (news.ImagePath + sha256).
CREATE TABLE article_images (
    sha256       TEXT PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg','image/png')),
    size         INTEGER NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    uploaded_by  INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
