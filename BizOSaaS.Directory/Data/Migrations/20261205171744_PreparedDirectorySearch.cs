using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Directory.Data.Migrations
{
    /// <summary>
    /// The directory search without planning its statement at each search (ADR 31 addendum "plans kept"): each connection
    /// prepares each shape of the search's statement once and keeps its plan. Same answers, same indexes.
    /// </summary>
    public partial class PreparedDirectorySearch : Migration
    {
        /// <summary>The search function this migration creates; its successor's Down restores it.</summary>
        internal const string SearchFunction = """
                -- The search (ADR 31 addendum "plans kept"): as before, one round trip answers the page of hits with snippets, the total
                -- and the facets, and each search's statement holds only the conditions it was given. Planning that statement cost
                -- about as much as running it, so each connection now prepares each shape of statement once (named by its text) and
                -- runs it with the values of the search; its one generic plan is kept (force_generic_plan: a custom plan would be
                -- planned anew each time). Preparing a statement is no read-only command, hence VOLATILE.
                CREATE OR REPLACE FUNCTION directory_search(query text, category_filter text[], city_filter text, min_rating numeric, verified_only boolean,
                    open_now boolean, at timestamptz, lat float8, lon float8, radius_km float8, sort text, skip int, take int)
                RETURNS jsonb LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan AS $$
                DECLARE
                    words tsquery := CASE WHEN coalesce(trim(query), '') <> '' THEN websearch_to_tsquery('directory', query) END;
                    area box;
                    conditions text := 'true';
                    ordering text := CASE sort WHEN 'distance' THEN 'm.km, ' WHEN 'rating' THEN 'm.rating DESC NULLS LAST, m.review_count DESC, ' ELSE '' END
                                     || 'm.score DESC, m.listing_id';
                    statement text;
                    statement_name text;
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
                        $q$, conditions, ordering);
                    statement_name := 'directory_search_' || md5(statement);
                    IF NOT EXISTS (SELECT FROM pg_prepared_statements p WHERE p.name = statement_name) THEN
                        EXECUTE format('PREPARE %I(tsquery, box, timestamptz, float8, float8, float8, text[], numeric, text, int, int) AS %s', statement_name, statement);
                    END IF;
                    EXECUTE format('EXECUTE %I(%L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L)', statement_name,
                                   words, area, at, lat, lon, radius_km, category_filter, min_rating, city_filter, skip, take)
                    INTO result;
                    RETURN result;
                END $$;
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SearchFunction);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(FasterDirectorySearchAndAutocomplete.SearchFunction);
        }
    }
}
