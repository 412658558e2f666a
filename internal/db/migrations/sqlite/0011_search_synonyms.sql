-- Search synonyms: the words people say ("CMND", "sổ đỏ") and the catalog's words they mean
-- ("căn cước", "giấy chứng nhận quyền sử dụng đất"), edited by catalog administrators. Each
-- replacement of the list is a new row, so the newest row is the list in force, the rows are
-- its history, and its id is the generation each replica's search index follows.
CREATE TABLE search_synonyms (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    entries    TEXT NOT NULL,                 -- JSON array of {"phrase": ..., "means": ...}
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
