using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Directory.Data.Migrations
{
    /// <summary>
    /// The directory search's prepared statements without the conditions a search was not given (ADR 31 addendum "plans
    /// kept"), so that their generic plans fold them away. Same answers.
    /// </summary>
    public partial class SearchStatementsWithoutUnusedConditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- The search (ADR 31 addendum "plans kept"), as the previous migration made it, with each prepared statement holding only
                -- what its search uses: a filter not given is the constant true and a search without words or place ranks by a constant,
                -- instead of "$n IS NULL OR ..." tested on every row, which a generic plan cannot fold away (its estimates then made a
                -- browse of every listing go parallel, slower than alone). The city is lowered and unaccented once, not per row. Not
                -- parallel: a search is one of many requests at once, and sending its matches through a Gather cost more than it saved.
                CREATE OR REPLACE FUNCTION directory_search(query text, category_filter text[], city_filter text, min_rating numeric, verified_only boolean,
                    open_now boolean, at timestamptz, lat float8, lon float8, radius_km float8, sort text, skip int, take int)
                RETURNS jsonb LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan SET max_parallel_workers_per_gather = 0 AS $$
                DECLARE
                    words tsquery := CASE WHEN coalesce(trim(query), '') <> '' THEN websearch_to_tsquery('directory', query) END;
                    area box;
                    conditions text := 'true';
                    ordering text := CASE sort WHEN 'distance' THEN 'm.km, ' WHEN 'rating' THEN 'm.rating DESC NULLS LAST, m.review_count DESC, ' ELSE '' END
                                     || 'm.score DESC, m.listing_id';
                    statement text;
                    statement_name text;
                    stale record;
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
                    statement := format($q$
                        WITH matched AS MATERIALIZED (
                            SELECT s.listing_id, s.categories, s.city, s.rating, s.review_count, km,
                                   %3$s AS in_category, %4$s AS in_rating, %5$s AS in_city,
                                   %6$s * (0.6 + 0.4 * s.rating_score) * %7$s AS score
                            FROM listing_search s
                            CROSS JOIN LATERAL (SELECT %8$s AS km) d
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
                        $q$, conditions, ordering,
                        CASE WHEN category_filter IS NULL THEN 'true' ELSE 's.categories && $7' END,
                        CASE WHEN min_rating IS NULL THEN 'true' ELSE 's.rating >= $8' END,
                        CASE WHEN city_filter IS NULL THEN 'true' ELSE 's.city_key = $9' END,
                        CASE WHEN words IS NULL THEN '1.0::real' ELSE 'ts_rank(''{0.1, 0.2, 0.4, 1.0}'', s.document, $1)' END,
                        CASE WHEN lat IS NULL THEN '1.0::float8' ELSE '(CASE WHEN km IS NULL THEN 1.0 ELSE 1.0 / (1.0 + km / 10.0) END)' END,
                        CASE WHEN lat IS NULL THEN 'NULL::float8' ELSE 'directory_distance_km($4, $5, s.latitude, s.longitude)' END);
                    statement_name := 'directory_search_' || md5(statement);
                    IF NOT EXISTS (SELECT FROM pg_prepared_statements p WHERE p.name = statement_name) THEN
                        -- A session keeps at most 64 shapes (each plan holds a few hundred kilobytes of the backend's memory, and the
                        -- filters combine into some 500 shapes): at the 65th, this function's statements are let go and prepared anew.
                        IF (SELECT count(*) FROM pg_prepared_statements p WHERE p.name LIKE 'directory\_search\_%') >= 64 THEN
                            FOR stale IN SELECT p.name FROM pg_prepared_statements p WHERE p.name LIKE 'directory\_search\_%' LOOP
                                EXECUTE format('DEALLOCATE %I', stale.name);
                            END LOOP;
                        END IF;
                        EXECUTE format('PREPARE %I(tsquery, box, timestamptz, float8, float8, float8, text[], numeric, text, int, int) AS %s', statement_name, statement);
                    END IF;
                    EXECUTE format('EXECUTE %I(%L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L)', statement_name,
                                   words, area, at, lat, lon, radius_km, category_filter, min_rating, lower(unaccent(city_filter)), skip, take)
                    INTO result;
                    RETURN result;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PreparedDirectorySearch.SearchFunction);
        }
    }
}
