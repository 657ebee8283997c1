import type { Migration } from './types'

// The privacy audit's index (analysis/audit/): findings and the masking census, derived from session_replay
// like the search index, so it can always be rebuilt (AUDIT_VERSION) and everything cascades with the
// session. A finding row holds a redacted excerpt, never the value the detector matched.
export const auditIndex: Migration = {
  version: 7,
  name: 'audit-index',
  up: (db) => {
    db.exec(`
      -- How far the audit got per session: by which version, how many batches (quarantined ones included).
      CREATE TABLE audit_state (
        session_id    TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        version       INTEGER NOT NULL,
        batch_count   INTEGER NOT NULL,
        last_seq      INTEGER NOT NULL,
        last_segment  INTEGER NOT NULL,
        finding_count INTEGER NOT NULL,
        masking       TEXT NOT NULL,       -- JSON: masked inputs, masked texts, blocked elements
        generation    INTEGER NOT NULL,    -- changes on every full audit: an audit kept in memory for another is stale
        audited_at    INTEGER NOT NULL     -- server clock
      ) WITHOUT ROWID;

      CREATE TABLE audit_findings (
        id          INTEGER PRIMARY KEY,
        session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        segment     INTEGER NOT NULL,
        ts          INTEGER NOT NULL,      -- client clock: when it was first readable
        kind        TEXT NOT NULL,         -- email | card | phone | iban | ssn | jwt | secret | ipv4
        location    TEXT NOT NULL,         -- text | attribute | input | url | custom | error
        name        TEXT,                  -- attribute name, custom tag, 'message' | 'stack'
        selector    TEXT,
        node_id     INTEGER,
        excerpt     TEXT NOT NULL,
        occurrences INTEGER NOT NULL,
        fix_kind    TEXT NOT NULL,         -- mask-selector | block-selector | mask-level | page-code
        fix_value   TEXT,
        fix_text    TEXT NOT NULL
      );
      CREATE INDEX audit_findings_by_session ON audit_findings (session_id, ts);
      CREATE INDEX audit_findings_by_kind ON audit_findings (kind, session_id);
    `)
  }
}
