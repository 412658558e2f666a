-- The portal's and the committee office's roles (issue 14): editor (biên tập viên, who writes
-- and moderates the portal) and office (chuyên viên Văn phòng UBND, who records the committee's
-- directives and follows their tasks).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('citizen','reception','specialist','leader','accountant','editor','office','catalog_admin','sysadmin'));
