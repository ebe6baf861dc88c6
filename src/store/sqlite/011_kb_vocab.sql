-- 011_kb_vocab: how many knowledge-base translations hold each index term, for the article
-- suggestions on a ticket (src/api/kb_suggest.c, docs/internals/search.md "Suggestions for a
-- ticket"). A ticket's text has far more terms than a query should carry; the suggestion keeps
-- the ones rare in the knowledge base, and a term no translation holds cannot match at all.
--
-- fts5vocab reads kb_fts's own index: it stores nothing, needs no upkeep and is exact after
-- every commit. 'row' gives one row per term with `doc`, the number of translations (rows of
-- kb_fts) that contain it, looked up by term without scanning.
CREATE VIRTUAL TABLE kb_fts_vocab USING fts5vocab(kb_fts, 'row');
