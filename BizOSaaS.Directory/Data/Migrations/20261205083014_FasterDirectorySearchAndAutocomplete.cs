using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Directory.Data.Migrations
{
    /// <summary>
    /// Directory search and autocomplete in less time, with the same answers (ADR 31): the search pages by a bounded sort and
    /// counts its facets in fewer passes; autocomplete reads an index of the names' word prefixes in the order it answers in
    /// and stops when it has enough, and takes what was typed literally (a typed "_" or "%" was a LIKE wildcard).
    /// </summary>
    public partial class FasterDirectorySearchAndAutocomplete : Migration
    {
        /// <summary>The search as this migration defines it (the next one's Down restores it).</summary>
        internal const string SearchFunction = """
                -- The search (ADR 31): one round trip answers the page of hits (with snippets), the total and the facets. The page is the
                -- top of the matches in the order asked (a bounded sort, not a sort of every match), the total and the rating bands
                -- are counted in one pass, and the categories are unnested once. Conditions are added only when given, so each search
                -- is planned for exactly its own conditions and the indexes they can use.
                CREATE OR REPLACE FUNCTION directory_search(query text, category_filter text[], city_filter text, min_rating numeric, verified_only boolean,
                    open_now boolean, at timestamptz, lat float8, lon float8, radius_km float8, sort text, skip int, take int)
                RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
                DECLARE
                    words tsquery := CASE WHEN coalesce(trim(query), '') <> '' THEN websearch_to_tsquery('directory', query) END;
                    area box;
                    conditions text := 'true';
                    ordering text := CASE sort WHEN 'distance' THEN 'm.km, ' WHEN 'rating' THEN 'm.rating DESC NULLS LAST, m.review_count DESC, ' ELSE '' END
                                     || 'm.score DESC, m.listing_id';
                    result jsonb;
                BEGIN
                    IF words IS NOT NULL AND numnode(words) = 0 THEN words := NULL; END IF;
                    IF words IS NOT NULL THEN conditions := conditions || ' AND s.document @@ $1'; END IF;
                    IF verified_only THEN conditions := conditions || ' AND s.verified'; END IF;
                    IF open_now THEN conditions := conditions || ' AND directory_open_at(s.weekly_open, s.weekly_same_day, s.weekly_overnight, s.exceptions, s.time_zone, $3) IS TRUE'; END IF;
                    IF radius_km IS NOT NULL THEN
                        area := box(point(lon - radius_km / (111.32 * greatest(cos(radians(lat)), 0.01)), lat - radius_km / 110.574),
                                    point(lon + radius_km / (111.32 * greatest(cos(radians(lat)), 0.01)), lat + radius_km / 110.574));
                        conditions := conditions || ' AND s.location <@ $2 AND directory_distance_km($4, $5, s.latitude, s.longitude) <= $6';
                    END IF;
                    EXECUTE format($q$
                        WITH matched AS MATERIALIZED (
                            SELECT s.listing_id, s.categories, s.city, s.rating, s.review_count, km,
                                   ($7 IS NULL OR s.categories && $7) AS in_category,
                                   ($8 IS NULL OR s.rating >= $8) AS in_rating,
                                   ($9 IS NULL OR s.city_key = lower(unaccent($9))) AS in_city,
                                   (CASE WHEN $1 IS NULL THEN 1.0 ELSE ts_rank('{0.1, 0.2, 0.4, 1.0}', s.document, $1) END)
                                   * (0.6 + 0.4 * s.rating_score) * (CASE WHEN km IS NULL THEN 1.0 ELSE 1.0 / (1.0 + km / 10.0) END) AS score
                            FROM listing_search s
                            CROSS JOIN LATERAL (SELECT CASE WHEN $4 IS NULL THEN NULL ELSE directory_distance_km($4, $5, s.latitude, s.longitude) END AS km) d
                            WHERE %1$s),
                        page AS (
                            SELECT m.listing_id, m.score, m.km, m.rating, m.review_count FROM matched m WHERE m.in_category AND m.in_rating AND m.in_city
                            ORDER BY %2$s OFFSET $10 LIMIT $11),
                        counts AS (
                            SELECT count(*) FILTER (WHERE m.in_category AND m.in_rating AND m.in_city) AS total,
                                   count(*) FILTER (WHERE m.in_category AND m.in_city AND m.rating >= 4) AS four,
                                   count(*) FILTER (WHERE m.in_category AND m.in_city AND m.rating >= 3) AS three,
                                   count(*) FILTER (WHERE m.in_category AND m.in_city AND m.rating >= 2) AS two,
                                   count(*) FILTER (WHERE m.in_category AND m.in_city AND m.rating >= 1) AS one
                            FROM matched m)
                        SELECT jsonb_build_object(
                            'total', c.total,
                            'hits', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                        'id', s.listing_id, 'name', s.name, 'categories', s.categories, 'address', s.address, 'city', s.city,
                                        'country', s.country, 'rating', s.rating, 'reviewCount', s.review_count, 'verified', s.verified,
                                        'openNow', directory_open_at(s.weekly_open, s.weekly_same_day, s.weekly_overnight, s.exceptions, s.time_zone, $3), 'distanceKm', m.km,
                                        'snippet', CASE WHEN $1 IS NULL OR coalesce(s.description, '') = '' THEN left(s.description, 200)
                                                        ELSE ts_headline('directory', s.description, $1,
                                                            'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') END,
                                        'photoUrl', s.photo_url, 'score', m.score) ORDER BY %2$s)
                                      FROM page m JOIN listing_search s ON s.listing_id = m.listing_id), '[]'),
                            'categories', coalesce((SELECT jsonb_agg(jsonb_build_object('value', f.category, 'count', f.n) ORDER BY f.n DESC, f.category) FROM (
                                SELECT x.category, count(*) AS n FROM (SELECT unnest(m.categories) AS category FROM matched m WHERE m.in_rating AND m.in_city) x
                                GROUP BY x.category ORDER BY n DESC, x.category LIMIT 40) f), '[]'),
                            'ratings', jsonb_build_array(c.four, c.three, c.two, c.one),
                            'cities', coalesce((SELECT jsonb_agg(jsonb_build_object('value', f.city, 'count', f.n) ORDER BY f.n DESC, f.city) FROM (
                                SELECT m.city, count(*) AS n FROM matched m WHERE m.in_category AND m.in_rating
                                GROUP BY m.city ORDER BY n DESC, m.city LIMIT 20) f), '[]'))
                        FROM counts c
                        $q$, conditions, ordering)
                    INTO result
                    USING words, area, at, lat, lon, radius_km, category_filter, min_rating, city_filter, skip, take;
                    RETURN result;
                END $$;
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- Special days and the night (ADR 31 addendum): the weekly hours also in two parts, each opening's hours on its own day
                -- and what runs on past midnight into the next day. A special day keeps the night before's opening until it closes, and a
                -- night after a special day has no weekly opening running on into it.
                ALTER TABLE listing_search ADD COLUMN weekly_same_day int4multirange NOT NULL DEFAULT '{}',
                    ADD COLUMN weekly_overnight int4multirange NOT NULL DEFAULT '{}';

                -- Minutes of the week (Monday 00:00 = 0) in the listing's own time zone; an opening that closes at or before it opens runs
                -- past midnight into the next day (Sunday night's into Monday morning).
                CREATE FUNCTION directory_weekly_parts(hours jsonb, OUT same_day int4multirange, OUT overnight int4multirange)
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    WITH spans AS (
                        SELECT d * 1440 + o AS s, d * 1440 + CASE WHEN c <= o THEN c + 1440 ELSE c END AS e, d * 1440 + 1440 AS midnight
                        FROM (SELECT array_position(ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], h->>'day') - 1 AS d,
                                     split_part(h->>'opens', ':', 1)::int * 60 + split_part(h->>'opens', ':', 2)::int AS o,
                                     split_part(h->>'closes', ':', 1)::int * 60 + split_part(h->>'closes', ':', 2)::int AS c
                              FROM jsonb_array_elements(coalesce(hours, '[]')) h) x
                        WHERE d IS NOT NULL)
                    SELECT coalesce(range_agg(int4range(s, least(e, midnight))), '{}'),
                           coalesce(range_agg(int4range(midnight % 10080, midnight % 10080 + e - midnight)) FILTER (WHERE e > midnight), '{}')
                    FROM spans
                $$;

                -- The refresh below adds the two parts up for the whole week itself.
                DROP FUNCTION directory_weekly_open(jsonb);

                DROP FUNCTION directory_open_at(int4multirange, jsonb, text, timestamptz);
                DROP FUNCTION directory_open_with_exceptions(int4multirange, jsonb, text, timestamptz);

                -- Open at a moment by a listing's special days (each a closed day or one opening within the day): the exception for the
                -- local date decides that day's own hours; the night before runs on into it until it closes, unless the day before was a
                -- special day too (then it had no opening past midnight). NULL when no hours are known.
                CREATE FUNCTION directory_open_with_exceptions(same_day int4multirange, overnight int4multirange, exceptions jsonb, zone text, at timestamptz)
                RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT CASE
                        WHEN today.e IS NULL AND isempty(same_day) AND isempty(overnight) THEN NULL
                        ELSE CASE WHEN today.e IS NOT NULL THEN NOT coalesce((today.e->>'closed')::boolean, false)
                                      AND l.minute >= split_part(today.e->>'opens', ':', 1)::int * 60 + split_part(today.e->>'opens', ':', 2)::int
                                      AND l.minute < split_part(today.e->>'closes', ':', 1)::int * 60 + split_part(today.e->>'closes', ':', 2)::int
                                  ELSE same_day @> l.week_minute END
                             OR (yesterday.e IS NULL AND overnight @> l.week_minute)
                    END
                    FROM (SELECT at AT TIME ZONE zone AS t, extract(hour FROM at AT TIME ZONE zone)::int * 60 + extract(minute FROM at AT TIME ZONE zone)::int AS minute,
                                 directory_minute_of_week(at, zone) AS week_minute) l
                    LEFT JOIN LATERAL (SELECT x AS e FROM jsonb_array_elements(exceptions) x WHERE x->>'date' = to_char(l.t, 'YYYY-MM-DD') LIMIT 1) today ON true
                    LEFT JOIN LATERAL (SELECT x AS e FROM jsonb_array_elements(exceptions) x
                                       WHERE x->>'date' = to_char(l.t - interval '1 day', 'YYYY-MM-DD') LIMIT 1) yesterday ON true
                $$;

                -- Open at a moment, judged in the listing's time zone. Most listings have no special days: for them this is one
                -- expression the planner inlines (a filter on "open now" over thousands of matches stays cheap); the others take
                -- directory_open_with_exceptions. NULL when no hours are known.
                CREATE FUNCTION directory_open_at(weekly int4multirange, same_day int4multirange, overnight int4multirange, exceptions jsonb, zone text,
                    at timestamptz) RETURNS boolean
                LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT CASE
                        WHEN exceptions <> '[]'::jsonb THEN directory_open_with_exceptions(same_day, overnight, exceptions, zone, at)
                        WHEN isempty(weekly) THEN NULL
                        ELSE weekly @> directory_minute_of_week(at, zone)
                    END
                $$;

                -- A published listing's tenant and whether it is open at a moment (the public listing page and reviews start here).
                CREATE OR REPLACE FUNCTION directory_published(listing uuid, at timestamptz) RETURNS TABLE (tenant_id uuid, open_now boolean)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
                    SELECT s.tenant_id, directory_open_at(s.weekly_open, s.weekly_same_day, s.weekly_overnight, s.exceptions, s.time_zone, at) FROM listing_search s WHERE s.listing_id = listing
                $$;

                -- Set-based, so a statement that writes many listings refreshes them all at once.
                CREATE OR REPLACE FUNCTION listing_search_refresh(changed uuid[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                BEGIN
                    DELETE FROM listing_search s WHERE s.listing_id = ANY (changed)
                        AND NOT EXISTS (SELECT 1 FROM listings l WHERE l.id = s.listing_id AND l.status = 'published');
                    INSERT INTO listing_search AS s (listing_id, tenant_id, name, name_key, name_words, document, description, categories, city, city_key,
                        country, address, verified, rating, review_count, rating_score, latitude, longitude, location, time_zone, weekly_open,
                        weekly_same_day, weekly_overnight, exceptions, photo_url)
                    SELECT l.id, l.tenant_id, l.name, lower(unaccent(l.name)), to_tsvector('directory', l.name),
                           setweight(to_tsvector('directory', l.name), 'A')
                           || setweight(to_tsvector('directory', array_to_string(l.tags, ' ')), 'B')
                           || setweight(to_tsvector('directory', coalesce((SELECT string_agg(c.name || ' ' || c.keywords, ' ')
                                                                           FROM directory_categories c WHERE c.slug = ANY (l.categories)), '')), 'C')
                           || setweight(to_tsvector('directory', coalesce(l.description, '') || ' ' || l.city || ' ' || coalesce(l.region, '')), 'D'),
                           l.description, l.categories, l.city, lower(unaccent(l.city)), l.country, l.address, l.verified,
                           CASE WHEN l.review_count > 0 THEN round(l.rating_sum::numeric / l.review_count, 2) END,
                           l.review_count,
                           -- The rating, pulled toward 3.5 while there are few reviews (as if two 3.5-star reviews were always there), out of 1.
                           ((l.rating_sum + 7.0) / (l.review_count + 2) / 5)::real,
                           l.latitude, l.longitude, point(l.longitude, l.latitude), l.time_zone, w.same_day + w.overnight, w.same_day, w.overnight,
                           l.exceptions, l.photo_urls[1]
                    FROM listings l CROSS JOIN LATERAL directory_weekly_parts(l.hours) w WHERE l.id = ANY (changed) AND l.status = 'published'
                    ORDER BY l.id
                    ON CONFLICT (listing_id) DO UPDATE SET
                        name = excluded.name, name_key = excluded.name_key, name_words = excluded.name_words, document = excluded.document,
                        description = excluded.description, categories = excluded.categories, city = excluded.city, city_key = excluded.city_key,
                        country = excluded.country, address = excluded.address, verified = excluded.verified, rating = excluded.rating,
                        review_count = excluded.review_count, rating_score = excluded.rating_score, latitude = excluded.latitude,
                        longitude = excluded.longitude, location = excluded.location, time_zone = excluded.time_zone,
                        weekly_open = excluded.weekly_open, weekly_same_day = excluded.weekly_same_day,
                        weekly_overnight = excluded.weekly_overnight, exceptions = excluded.exceptions, photo_url = excluded.photo_url;
                END $$;

                -- The listings already in the search copy, tenant by tenant (the listings are read under their tenant's row-level security).
                DO $$ DECLARE tenant uuid; BEGIN
                    FOR tenant IN SELECT DISTINCT s.tenant_id FROM listing_search s LOOP
                        PERFORM set_config('app.tenant_id', tenant::text, true);
                        UPDATE listing_search s SET weekly_same_day = w.same_day, weekly_overnight = w.overnight
                        FROM listings l CROSS JOIN LATERAL directory_weekly_parts(l.hours) w WHERE l.id = s.listing_id AND s.tenant_id = tenant;
                    END LOOP;
                    PERFORM set_config('app.tenant_id', '', true);
                END $$;

                -- Autocomplete's index (ADR 31), like a completion suggester's: each published listing once under the first two letters of
                -- every word of its name, with what suggestions are ordered by, so the best listings under a prefix are its first entries.
                CREATE TABLE directory_name_prefixes (
                    listing_id uuid NOT NULL REFERENCES listing_search (listing_id) ON DELETE CASCADE,
                    prefix text NOT NULL,
                    first_word boolean NOT NULL,
                    review_count int NOT NULL,
                    rating_score real NOT NULL,
                    name_key text NOT NULL,
                    PRIMARY KEY (listing_id, prefix));
                CREATE INDEX ix_directory_name_prefixes_order ON directory_name_prefixes (prefix, review_count DESC, rating_score DESC, name_key, listing_id)
                    INCLUDE (first_word);
                ALTER TABLE directory_name_prefixes ENABLE ROW LEVEL SECURITY;
                DO $$ DECLARE grant_row record; BEGIN
                    FOR grant_row IN SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
                                     WHERE g.table_name = 'directory_name_prefixes' AND g.grantee <> current_user LOOP
                        EXECUTE format('REVOKE ALL ON directory_name_prefixes FROM %I', grant_row.grantee);
                    END LOOP;
                END $$;

                -- A name's entries: the first two letters of each of its words (once each), and whether one of those is its first word.
                CREATE FUNCTION directory_name_prefixes_of(name_key text) RETURNS TABLE (prefix text, first_word boolean)
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT left(w.word[1], 2), bool_or(w.n = 1) FROM regexp_matches(name_key, '([[:alnum:]]+)', 'g') WITH ORDINALITY w(word, n)
                    GROUP BY left(w.word[1], 2)
                $$;

                -- The entries follow the search copy: written with a listing, rewritten when its name, reviews or rating change, deleted
                -- with it (the foreign key). One statement for every listing a statement wrote.
                CREATE FUNCTION directory_name_prefixes_on_search() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        DELETE FROM directory_name_prefixes p USING added_documents a JOIN removed_documents r USING (listing_id)
                        WHERE p.listing_id = a.listing_id AND (a.name_key, a.review_count, a.rating_score) IS DISTINCT FROM (r.name_key, r.review_count, r.rating_score);
                        INSERT INTO directory_name_prefixes (listing_id, prefix, first_word, review_count, rating_score, name_key)
                        SELECT a.listing_id, x.prefix, x.first_word, a.review_count, a.rating_score, a.name_key
                        FROM added_documents a JOIN removed_documents r USING (listing_id), directory_name_prefixes_of(a.name_key) x
                        WHERE (a.name_key, a.review_count, a.rating_score) IS DISTINCT FROM (r.name_key, r.review_count, r.rating_score);
                    ELSE
                        INSERT INTO directory_name_prefixes (listing_id, prefix, first_word, review_count, rating_score, name_key)
                        SELECT a.listing_id, x.prefix, x.first_word, a.review_count, a.rating_score, a.name_key
                        FROM added_documents a, directory_name_prefixes_of(a.name_key) x;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER directory_name_prefixes_on_insert AFTER INSERT ON listing_search REFERENCING NEW TABLE AS added_documents
                    FOR EACH STATEMENT EXECUTE FUNCTION directory_name_prefixes_on_search();
                CREATE TRIGGER directory_name_prefixes_on_update AFTER UPDATE ON listing_search REFERENCING OLD TABLE AS removed_documents NEW TABLE AS added_documents
                    FOR EACH STATEMENT EXECUTE FUNCTION directory_name_prefixes_on_search();
                INSERT INTO directory_name_prefixes (listing_id, prefix, first_word, review_count, rating_score, name_key)
                SELECT s.listing_id, x.prefix, x.first_word, s.review_count, s.rating_score, s.name_key FROM listing_search s, directory_name_prefixes_of(s.name_key) x;

                -- Autocomplete: categories whose name or keywords start with what was typed, then listing names that start with the whole
                -- text, then names with a word starting with each word typed; each the most reviewed, the best rated first. Both read the
                -- entries under one prefix (of the first word typed; of the longest) in that order and stop when they have enough. Words of
                -- one letter only (as "a b"): the names' words through their full-text index, as every suggestion was found before.
                CREATE OR REPLACE FUNCTION directory_suggest(prefix text, max_results int) RETURNS TABLE (kind text, text text, listing_id uuid, category text)
                LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
                DECLARE
                    typed text := lower(unaccent(trim(prefix)));
                    -- What was typed, taken literally by LIKE (a typed "_" or "%" is no wildcard).
                    starting text := replace(replace(replace(typed, '\', '\\'), '%', '\%'), '_', '\_') || '%';
                    terms text[] := array(SELECT w FROM regexp_split_to_table(typed, '[^[:alnum:]]+') w WHERE w <> '');
                    longest text;
                    -- A word of the name starts with each word typed (one lookahead each; words split as the entries split them).
                    every_word text;
                    found uuid[];
                BEGIN
                    IF cardinality(terms) = 0 THEN RETURN; END IF;
                    longest := (SELECT t FROM unnest(terms) t ORDER BY length(t) DESC LIMIT 1);
                    every_word := '^' || array_to_string(array(SELECT '(?=(.*[^[:alnum:]])?' || t || ')' FROM unnest(terms) t), '');
                    RETURN QUERY
                    SELECT 'category'::text, c.name::text, NULL::uuid, c.slug::text FROM directory_categories c
                    WHERE lower(unaccent(c.name)) LIKE starting OR (cardinality(terms) = 1 AND ' ' || c.keywords LIKE '% ' || terms[1] || '%')
                    ORDER BY lower(unaccent(c.name)) LIKE starting DESC, c.name LIMIT 3;
                    IF length(longest) < 2 THEN
                        found := array(SELECT s.listing_id FROM listing_search s
                                       WHERE s.name_words @@ array_to_string(array(SELECT quote_literal(t) || ':*' FROM unnest(terms) t), ' & ')::tsquery
                                       ORDER BY s.name_key LIKE starting DESC, s.review_count DESC, s.rating_score DESC, s.name_key, s.listing_id LIMIT max_results);
                    ELSE
                        found := array(SELECT p.listing_id FROM directory_name_prefixes p
                                       WHERE p.prefix = left(terms[1], 2) AND p.first_word AND p.name_key LIKE starting
                                       ORDER BY p.review_count DESC, p.rating_score DESC, p.name_key, p.listing_id LIMIT max_results);
                        IF cardinality(found) < max_results THEN
                            found := found || array(SELECT p.listing_id FROM directory_name_prefixes p
                                                    WHERE p.prefix = left(longest, 2) AND p.name_key ~ every_word AND p.name_key NOT LIKE starting
                                                    ORDER BY p.review_count DESC, p.rating_score DESC, p.name_key, p.listing_id LIMIT max_results - cardinality(found));
                        END IF;
                    END IF;
                    RETURN QUERY SELECT 'listing'::text, s.name, s.listing_id, NULL::text
                    FROM unnest(found) WITH ORDINALITY f(id, n) JOIN listing_search s ON s.listing_id = f.id ORDER BY f.n;
                END $$;
                """);
            migrationBuilder.Sql(SearchFunction);
            migrationBuilder.Sql("""
                -- The plan of a search as directory_search runs it (words and the other conditions it adds) and of autocomplete's
                -- first read (names that start with the text), for the tests and the benchmark; prefer_indexes rules out sequential
                -- scans (on a small table the planner would rather scan).
                CREATE OR REPLACE FUNCTION explain_directory_search(query text, prefer_indexes boolean) RETURNS SETOF text
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                DECLARE
                    words tsquery := websearch_to_tsquery('directory', query);
                    typed text := lower(unaccent(trim(query)));
                BEGIN
                    IF prefer_indexes THEN
                        ANALYZE listing_search; ANALYZE directory_name_prefixes; PERFORM set_config('enable_seqscan', 'off', true);
                    END IF;
                    RETURN QUERY EXECUTE format($q$ EXPLAIN (ANALYZE, COSTS OFF) SELECT s.listing_id FROM listing_search s WHERE s.document @@ %L::tsquery $q$, words);
                    RETURN QUERY EXECUTE format($q$ EXPLAIN (ANALYZE, COSTS OFF) SELECT p.listing_id FROM directory_name_prefixes p
                        WHERE p.prefix = %L AND p.first_word AND p.name_key LIKE %L
                        ORDER BY p.review_count DESC, p.rating_score DESC, p.name_key, p.listing_id LIMIT 8 $q$,
                        left(typed, 2), replace(replace(replace(typed, '\', '\\'), '%', '\%'), '_', '\_') || '%');
                    RETURN QUERY EXECUTE $q$ EXPLAIN (ANALYZE, COSTS OFF) SELECT s.listing_id FROM listing_search s WHERE s.location <@ box(point(13.3, 52.4), point(13.5, 52.6)) $q$;
                    RETURN QUERY EXECUTE format($q$ EXPLAIN (ANALYZE, COSTS OFF) SELECT d.word FROM directory_words d WHERE d.word %% %L $q$, lower(trim(query)));
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Autocomplete's index and the weekly hours' two parts go; the functions as 20261204041634_ListingsReviewsSearch created them.
            migrationBuilder.Sql("""
                DROP TRIGGER directory_name_prefixes_on_insert ON listing_search;
                DROP TRIGGER directory_name_prefixes_on_update ON listing_search;
                DROP FUNCTION directory_name_prefixes_on_search();
                DROP FUNCTION directory_name_prefixes_of(text);
                DROP TABLE directory_name_prefixes;

                -- Autocomplete: categories whose name or keywords start with what was typed, then listing names whose words start
                -- with every word typed (a name that starts with the whole text first, then the most reviewed, the best rated).
                CREATE OR REPLACE FUNCTION directory_suggest(prefix text, max_results int) RETURNS TABLE (kind text, text text, listing_id uuid, category text)
                LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
                DECLARE
                    typed text := lower(unaccent(trim(prefix)));
                    terms text[] := array(SELECT w FROM regexp_split_to_table(typed, '[^[:alnum:]]+') w WHERE w <> '');
                    words tsquery;
                BEGIN
                    IF cardinality(terms) = 0 THEN RETURN; END IF;
                    words := array_to_string(array(SELECT quote_literal(t) || ':*' FROM unnest(terms) t), ' & ')::tsquery;
                    RETURN QUERY
                    SELECT 'category'::text, c.name::text, NULL::uuid, c.slug::text FROM directory_categories c
                    WHERE lower(unaccent(c.name)) LIKE typed || '%' OR (cardinality(terms) = 1 AND ' ' || c.keywords LIKE '% ' || terms[1] || '%')
                    ORDER BY lower(unaccent(c.name)) LIKE typed || '%' DESC, c.name LIMIT 3;
                    RETURN QUERY
                    SELECT 'listing'::text, s.name, s.listing_id, NULL::text FROM listing_search s
                    WHERE s.name_words @@ words
                    ORDER BY s.name_key LIKE typed || '%' DESC, s.review_count DESC, s.rating_score DESC, s.name, s.listing_id
                    LIMIT max_results;
                END $$;

                -- The search: one round trip answers the page of hits (with snippets), the total and the facets. Conditions are added
                -- only when given, so each search is planned for exactly its own conditions and the indexes they can use.
                CREATE OR REPLACE FUNCTION directory_search(query text, category_filter text[], city_filter text, min_rating numeric, verified_only boolean,
                    open_now boolean, at timestamptz, lat float8, lon float8, radius_km float8, sort text, skip int, take int)
                RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
                DECLARE
                    words tsquery := CASE WHEN coalesce(trim(query), '') <> '' THEN websearch_to_tsquery('directory', query) END;
                    area box;
                    conditions text := 'true';
                    result jsonb;
                BEGIN
                    IF words IS NOT NULL AND numnode(words) = 0 THEN words := NULL; END IF;
                    IF words IS NOT NULL THEN conditions := conditions || ' AND s.document @@ $1'; END IF;
                    IF verified_only THEN conditions := conditions || ' AND s.verified'; END IF;
                    IF open_now THEN conditions := conditions || ' AND directory_open_at(s.weekly_open, s.exceptions, s.time_zone, $3) IS TRUE'; END IF;
                    IF radius_km IS NOT NULL THEN
                        area := box(point(lon - radius_km / (111.32 * greatest(cos(radians(lat)), 0.01)), lat - radius_km / 110.574),
                                    point(lon + radius_km / (111.32 * greatest(cos(radians(lat)), 0.01)), lat + radius_km / 110.574));
                        conditions := conditions || ' AND s.location <@ $2 AND directory_distance_km($4, $5, s.latitude, s.longitude) <= $6';
                    END IF;
                    EXECUTE format($q$
                        WITH matched AS MATERIALIZED (
                            SELECT s.listing_id, s.categories, s.city, s.rating, s.review_count, km,
                                   ($7 IS NULL OR s.categories && $7) AS in_category,
                                   ($8 IS NULL OR s.rating >= $8) AS in_rating,
                                   ($9 IS NULL OR s.city_key = lower(unaccent($9))) AS in_city,
                                   (CASE WHEN $1 IS NULL THEN 1.0 ELSE ts_rank('{0.1, 0.2, 0.4, 1.0}', s.document, $1) END)
                                   * (0.6 + 0.4 * s.rating_score) * (CASE WHEN km IS NULL THEN 1.0 ELSE 1.0 / (1.0 + km / 10.0) END) AS score
                            FROM listing_search s
                            CROSS JOIN LATERAL (SELECT CASE WHEN $4 IS NULL THEN NULL ELSE directory_distance_km($4, $5, s.latitude, s.longitude) END AS km) d
                            WHERE %s),
                        page AS (
                            SELECT m.listing_id, m.score, m.km, row_number() OVER (ORDER BY
                                       CASE WHEN $10 = 'distance' THEN m.km END, CASE WHEN $10 = 'rating' THEN m.rating END DESC NULLS LAST,
                                       CASE WHEN $10 = 'rating' THEN m.review_count END DESC, m.score DESC, m.listing_id) AS n
                            FROM matched m WHERE m.in_category AND m.in_rating AND m.in_city
                            ORDER BY n OFFSET $11 LIMIT $12)
                        SELECT jsonb_build_object(
                            'total', (SELECT count(*) FROM matched m WHERE m.in_category AND m.in_rating AND m.in_city),
                            'hits', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                        'id', s.listing_id, 'name', s.name, 'categories', s.categories, 'address', s.address, 'city', s.city,
                                        'country', s.country, 'rating', s.rating, 'reviewCount', s.review_count, 'verified', s.verified,
                                        'openNow', directory_open_at(s.weekly_open, s.exceptions, s.time_zone, $3), 'distanceKm', p.km,
                                        'snippet', CASE WHEN $1 IS NULL OR coalesce(s.description, '') = '' THEN left(s.description, 200)
                                                        ELSE ts_headline('directory', s.description, $1,
                                                            'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') END,
                                        'photoUrl', s.photo_url, 'score', p.score) ORDER BY p.n)
                                      FROM page p JOIN listing_search s ON s.listing_id = p.listing_id), '[]'),
                            'categories', coalesce((SELECT jsonb_agg(jsonb_build_object('value', c, 'count', n) ORDER BY n DESC, c) FROM (
                                SELECT c, count(*) AS n FROM matched m, unnest(m.categories) c WHERE m.in_rating AND m.in_city
                                GROUP BY c ORDER BY n DESC, c LIMIT 40) f), '[]'),
                            'ratings', (SELECT jsonb_build_array(count(*) FILTER (WHERE m.rating >= 4), count(*) FILTER (WHERE m.rating >= 3),
                                                                 count(*) FILTER (WHERE m.rating >= 2), count(*) FILTER (WHERE m.rating >= 1))
                                        FROM matched m WHERE m.in_category AND m.in_city),
                            'cities', coalesce((SELECT jsonb_agg(jsonb_build_object('value', city, 'count', n) ORDER BY n DESC, city) FROM (
                                SELECT m.city, count(*) AS n FROM matched m WHERE m.in_category AND m.in_rating
                                GROUP BY m.city ORDER BY n DESC, m.city LIMIT 20) f), '[]'))
                        $q$, conditions)
                    INTO result
                    USING words, area, at, lat, lon, radius_km, category_filter, min_rating, city_filter, sort, skip, take;
                    RETURN result;
                END $$;

                -- The plan of a search as directory_search runs it (words and the other conditions it adds), for the tests and the
                -- benchmark; prefer_indexes rules out sequential scans (on a small table the planner would rather scan).
                CREATE OR REPLACE FUNCTION explain_directory_search(query text, prefer_indexes boolean) RETURNS SETOF text
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                DECLARE words tsquery := websearch_to_tsquery('directory', query);
                BEGIN
                    IF prefer_indexes THEN ANALYZE listing_search; PERFORM set_config('enable_seqscan', 'off', true); END IF;
                    RETURN QUERY EXECUTE format($q$ EXPLAIN (ANALYZE, COSTS OFF) SELECT s.listing_id FROM listing_search s WHERE s.document @@ %L::tsquery $q$, words);
                    RETURN QUERY EXECUTE format($q$ EXPLAIN (ANALYZE, COSTS OFF) SELECT s.listing_id FROM listing_search s WHERE s.name_words @@ %L::tsquery $q$,
                        array_to_string(array(SELECT quote_literal(t) || ':*' FROM regexp_split_to_table(lower(trim(query)), '[^[:alnum:]]+') t WHERE t <> ''), ' & '));
                    RETURN QUERY EXECUTE $q$ EXPLAIN (ANALYZE, COSTS OFF) SELECT s.listing_id FROM listing_search s WHERE s.location <@ box(point(13.3, 52.4), point(13.5, 52.6)) $q$;
                    RETURN QUERY EXECUTE format($q$ EXPLAIN (ANALYZE, COSTS OFF) SELECT d.word FROM directory_words d WHERE d.word %% %L $q$, lower(trim(query)));
                END $$;

                DROP FUNCTION directory_open_at(int4multirange, int4multirange, int4multirange, jsonb, text, timestamptz);
                DROP FUNCTION directory_open_with_exceptions(int4multirange, int4multirange, jsonb, text, timestamptz);

                -- Open at a moment by a listing's special days: the exception for the local date decides alone (closed, or its one
                -- opening that day); without one for that date, the weekly hours. NULL when no hours are known.
                CREATE FUNCTION directory_open_with_exceptions(weekly int4multirange, exceptions jsonb, zone text, at timestamptz) RETURNS boolean
                LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT CASE
                        WHEN e IS NOT NULL THEN NOT coalesce((e->>'closed')::boolean, false)
                            AND extract(hour FROM t)::int * 60 + extract(minute FROM t)::int
                                >= split_part(e->>'opens', ':', 1)::int * 60 + split_part(e->>'opens', ':', 2)::int
                            AND extract(hour FROM t)::int * 60 + extract(minute FROM t)::int
                                < split_part(e->>'closes', ':', 1)::int * 60 + split_part(e->>'closes', ':', 2)::int
                        WHEN isempty(weekly) THEN NULL
                        ELSE weekly @> directory_minute_of_week(at, zone)
                    END
                    FROM (SELECT at AT TIME ZONE zone AS t) l
                    LEFT JOIN LATERAL (SELECT x AS e FROM jsonb_array_elements(exceptions) x WHERE x->>'date' = to_char(l.t, 'YYYY-MM-DD') LIMIT 1) ex ON true
                $$;

                -- Open at a moment, judged in the listing's time zone. Most listings have no special days: for them this is one
                -- expression the planner inlines (a filter on "open now" over thousands of matches stays cheap); the others take
                -- directory_open_with_exceptions. NULL when no hours are known.
                CREATE FUNCTION directory_open_at(weekly int4multirange, exceptions jsonb, zone text, at timestamptz) RETURNS boolean
                LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT CASE
                        WHEN exceptions <> '[]'::jsonb THEN directory_open_with_exceptions(weekly, exceptions, zone, at)
                        WHEN isempty(weekly) THEN NULL
                        ELSE weekly @> directory_minute_of_week(at, zone)
                    END
                $$;

                -- A published listing's tenant and whether it is open at a moment (the public listing page and reviews start here).
                CREATE OR REPLACE FUNCTION directory_published(listing uuid, at timestamptz) RETURNS TABLE (tenant_id uuid, open_now boolean)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
                    SELECT s.tenant_id, directory_open_at(s.weekly_open, s.exceptions, s.time_zone, at) FROM listing_search s WHERE s.listing_id = listing
                $$;

                -- Set-based, so a statement that writes many listings refreshes them all at once.
                CREATE OR REPLACE FUNCTION listing_search_refresh(changed uuid[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                BEGIN
                    DELETE FROM listing_search s WHERE s.listing_id = ANY (changed)
                        AND NOT EXISTS (SELECT 1 FROM listings l WHERE l.id = s.listing_id AND l.status = 'published');
                    INSERT INTO listing_search AS s (listing_id, tenant_id, name, name_key, name_words, document, description, categories, city, city_key,
                        country, address, verified, rating, review_count, rating_score, latitude, longitude, location, time_zone, weekly_open, exceptions, photo_url)
                    SELECT l.id, l.tenant_id, l.name, lower(unaccent(l.name)), to_tsvector('directory', l.name),
                           setweight(to_tsvector('directory', l.name), 'A')
                           || setweight(to_tsvector('directory', array_to_string(l.tags, ' ')), 'B')
                           || setweight(to_tsvector('directory', coalesce((SELECT string_agg(c.name || ' ' || c.keywords, ' ')
                                                                           FROM directory_categories c WHERE c.slug = ANY (l.categories)), '')), 'C')
                           || setweight(to_tsvector('directory', coalesce(l.description, '') || ' ' || l.city || ' ' || coalesce(l.region, '')), 'D'),
                           l.description, l.categories, l.city, lower(unaccent(l.city)), l.country, l.address, l.verified,
                           CASE WHEN l.review_count > 0 THEN round(l.rating_sum::numeric / l.review_count, 2) END,
                           l.review_count,
                           -- The rating, pulled toward 3.5 while there are few reviews (as if two 3.5-star reviews were always there), out of 1.
                           ((l.rating_sum + 7.0) / (l.review_count + 2) / 5)::real,
                           l.latitude, l.longitude, point(l.longitude, l.latitude), l.time_zone, directory_weekly_open(l.hours), l.exceptions, l.photo_urls[1]
                    FROM listings l WHERE l.id = ANY (changed) AND l.status = 'published'
                    ORDER BY l.id
                    ON CONFLICT (listing_id) DO UPDATE SET
                        name = excluded.name, name_key = excluded.name_key, name_words = excluded.name_words, document = excluded.document,
                        description = excluded.description, categories = excluded.categories, city = excluded.city, city_key = excluded.city_key,
                        country = excluded.country, address = excluded.address, verified = excluded.verified, rating = excluded.rating,
                        review_count = excluded.review_count, rating_score = excluded.rating_score, latitude = excluded.latitude,
                        longitude = excluded.longitude, location = excluded.location, time_zone = excluded.time_zone,
                        weekly_open = excluded.weekly_open, exceptions = excluded.exceptions, photo_url = excluded.photo_url;
                END $$;

                -- Weekly hours as minutes of the week (Monday 00:00 = 0) in the listing's own time zone; an opening that closes at or
                -- before it opens runs past midnight, and Sunday night's runs on into Monday morning.
                CREATE OR REPLACE FUNCTION directory_weekly_open(hours jsonb) RETURNS int4multirange LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    WITH spans AS (
                        SELECT d * 1440 + o AS s, d * 1440 + CASE WHEN c <= o THEN c + 1440 ELSE c END AS e
                        FROM (SELECT array_position(ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], h->>'day') - 1 AS d,
                                     split_part(h->>'opens', ':', 1)::int * 60 + split_part(h->>'opens', ':', 2)::int AS o,
                                     split_part(h->>'closes', ':', 1)::int * 60 + split_part(h->>'closes', ':', 2)::int AS c
                              FROM jsonb_array_elements(coalesce(hours, '[]')) h) x
                        WHERE d IS NOT NULL)
                    SELECT coalesce(range_agg(r), '{}'::int4multirange) FROM (
                        SELECT int4range(s, least(e, 10080)) AS r FROM spans
                        UNION ALL
                        SELECT int4range(0, e - 10080) FROM spans WHERE e > 10080) ranges
                $$;
                DROP FUNCTION directory_weekly_parts(jsonb);
                ALTER TABLE listing_search DROP COLUMN weekly_same_day, DROP COLUMN weekly_overnight;
                """);
        }
    }
}
