-- The city's service-level targets (issue 13), owned by internal/report: what share of the
-- procedures in force should be online (Decree 42/2022 Art. 11: fully or partially; the legacy
-- levels 3–4 of Decree 43/2011) and fully online (legacy level 4). Ratios are stored in basis
-- points (ratio × 10000) so that both engines keep them exactly. A system administrator changes
-- them (PUT /api/v1/reports/targets/{key}), audited as report.target.
CREATE TABLE report_targets (
    key        TEXT PRIMARY KEY,
    measure    TEXT NOT NULL CHECK (measure IN ('online_ratio','full_ratio')),
    ratio_bp   INTEGER NOT NULL CHECK (ratio_bp BETWEEN 0 AND 10000),
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    basis      TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMPTZ NOT NULL
);

-- Hà Nội's plan as issue 12 and 13 quote it: 100% of services at level 3–4 and at least 30% at
-- level 4. The plan's number and date were not read [U].
INSERT INTO report_targets (key, measure, ratio_bp, name, name_en, basis, updated_at) VALUES
('online', 'online_ratio', 10000, 'Dịch vụ công trực tuyến mức độ 3–4 (toàn trình hoặc một phần)', 'Services online at level 3–4 (fully or partially)',
 'Kế hoạch của UBND thành phố Hà Nội: 100% dịch vụ công đạt mức độ 3–4 (theo issue 12/13; số hiệu, ngày ban hành chưa xác minh [U]).', CURRENT_TIMESTAMP),
('full', 'full_ratio', 3000, 'Dịch vụ công trực tuyến mức độ 4 (toàn trình)', 'Services fully online (level 4)',
 'Kế hoạch của UBND thành phố Hà Nội: ít nhất 30% dịch vụ công đạt mức độ 4 (theo issue 12/13; số hiệu, ngày ban hành chưa xác minh [U]).', CURRENT_TIMESTAMP);
