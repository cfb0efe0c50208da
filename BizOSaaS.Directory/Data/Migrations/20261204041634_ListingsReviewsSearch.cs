using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace BizOSaaS.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class ListingsReviewsSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:fuzzystrmatch", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,");

            migrationBuilder.CreateTable(
                name: "directory_categories",
                columns: table => new
                {
                    slug = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    parent = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    keywords = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_categories", x => x.slug);
                });

            migrationBuilder.CreateTable(
                name: "listings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    categories = table.Column<List<string>>(type: "text[]", nullable: false),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    postal_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    latitude = table.Column<double>(type: "double precision", nullable: false),
                    longitude = table.Column<double>(type: "double precision", nullable: false),
                    phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    website = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hours = table.Column<string>(type: "jsonb", nullable: false),
                    exceptions = table.Column<string>(type: "jsonb", nullable: false),
                    photo_urls = table.Column<List<string>>(type: "text[]", nullable: false),
                    claimed = table.Column<bool>(type: "boolean", nullable: false),
                    verified = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rating_sum = table.Column<int>(type: "integer", nullable: false),
                    review_count = table.Column<int>(type: "integer", nullable: false),
                    is_demo = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listings", x => x.id);
                    table.CheckConstraint("ck_listings_reviews", "review_count >= 0 AND rating_sum >= review_count AND rating_sum <= 5 * review_count");
                    table.CheckConstraint("ck_listings_status", "status IN ('draft', 'published', 'suspended')");
                });

            migrationBuilder.CreateTable(
                name: "listing_reviews",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    listing_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rating = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    reviewer_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reviewer_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    edit_key_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reports = table.Column<int>(type: "integer", nullable: false),
                    kept_by_moderator = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    edited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listing_reviews", x => x.id);
                    table.CheckConstraint("ck_listing_reviews_rating", "rating BETWEEN 1 AND 5");
                    table.CheckConstraint("ck_listing_reviews_status", "status IN ('visible', 'reported', 'removed')");
                    table.ForeignKey(
                        name: "fk_listing_reviews_listings_listing_id",
                        column: x => x.listing_id,
                        principalTable: "listings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "review_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    review_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_reports", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_reports_listing_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "listing_reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "directory_categories",
                columns: new[] { "slug", "keywords", "name", "parent" },
                values: new object[,]
                {
                    { "accountants", "accountant tax bookkeeping", "Accountants", "professional" },
                    { "auto-repair", "mechanic garage car repair tyres tires", "Auto repair", null },
                    { "bakeries", "bakery bread pastry cake baker croissant", "Bakeries", null },
                    { "bars", "bar pub beer cocktails drinks wine", "Bars & pubs", null },
                    { "beauty", "beauty spa nails massage cosmetics", "Beauty & spas", null },
                    { "bookstores", "books bookshop bookstore", "Bookstores", "shopping" },
                    { "burgers", "burger burgers grill", "Burgers", "restaurants" },
                    { "cafes", "cafe coffee espresso cappuccino breakfast", "Cafés", null },
                    { "cleaning", "cleaning cleaner housekeeping", "Cleaning", "home-services" },
                    { "clothing", "clothes fashion apparel boutique", "Clothing", "shopping" },
                    { "dentists", "dentist dental teeth orthodontist", "Dentists", "health" },
                    { "doctors", "doctor physician clinic practice", "Doctors", "health" },
                    { "electricians", "electrician electrical wiring", "Electricians", "home-services" },
                    { "events", "events venue wedding party", "Events & venues", null },
                    { "fitness", "gym fitness workout training yoga", "Gyms & fitness", null },
                    { "florists", "florist flowers bouquet", "Florists", "shopping" },
                    { "groceries", "grocery supermarket market", "Groceries", "shopping" },
                    { "hair-salons", "hair salon hairdresser barber haircut", "Hair salons", "beauty" },
                    { "health", "health medical", "Health", null },
                    { "home-services", "home repair handyman", "Home services", null },
                    { "hotels", "hotel accommodation stay rooms lodging", "Hotels", null },
                    { "it-services", "it computer software web developer", "IT services", "professional" },
                    { "italian", "italian pasta trattoria osteria", "Italian", "restaurants" },
                    { "lawyers", "lawyer attorney legal law", "Lawyers", "professional" },
                    { "marketing", "marketing agency advertising seo", "Marketing agencies", "professional" },
                    { "pet-services", "pet dog cat groomer vet veterinary", "Pet services", null },
                    { "pharmacies", "pharmacy chemist drugstore", "Pharmacies", "health" },
                    { "pizza", "pizzeria pizza italian", "Pizza", "restaurants" },
                    { "plumbers", "plumber plumbing pipes heating", "Plumbers", "home-services" },
                    { "professional", "services office", "Professional services", null },
                    { "real-estate", "realtor property apartments estate", "Real estate", "professional" },
                    { "restaurants", "restaurant food dining eat dinner lunch", "Restaurants", null },
                    { "shopping", "shop store", "Shopping", null },
                    { "sushi", "sushi japanese ramen", "Sushi", "restaurants" },
                    { "vegan", "vegan vegetarian veggie plant-based", "Vegan & vegetarian", "restaurants" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_listing_reviews_listing_id_created_at",
                table: "listing_reviews",
                columns: new[] { "listing_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_listing_reviews_listing_id_reviewer_email",
                table: "listing_reviews",
                columns: new[] { "listing_id", "reviewer_email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_listings_tenant_id_created_at",
                table: "listings",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_review_reports_review_id",
                table: "review_reports",
                column: "review_id");

            // Directory search (ADR 31): a copy of every published listing in listing_search, kept by triggers in the writing
            // transaction, read only through the owner's functions below (full-text, trigram and geometry operators are not
            // leakproof, so forced row-level security would rule out their indexes); published listings of every tenant are public.
            migrationBuilder.Sql("""
                CREATE TEXT SEARCH CONFIGURATION directory (COPY = simple);
                ALTER TEXT SEARCH CONFIGURATION directory ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword,
                    hword_asciipart, hword_part, hword_numpart WITH unaccent, simple;

                -- Weekly hours as minutes of the week (Monday 00:00 = 0) in the listing's own time zone; an opening that closes at or
                -- before it opens runs past midnight, and Sunday night's runs on into Monday morning.
                CREATE FUNCTION directory_weekly_open(hours jsonb) RETURNS int4multirange LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
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

                -- The minute of the week (Monday 00:00 = 0) that a moment is in a time zone. One expression, so the planner inlines it.
                CREATE FUNCTION directory_minute_of_week(at timestamptz, zone text) RETURNS int LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT (extract(isodow FROM at AT TIME ZONE zone)::int - 1) * 1440
                        + extract(hour FROM at AT TIME ZONE zone)::int * 60 + extract(minute FROM at AT TIME ZONE zone)::int
                $$;

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

                -- Great-circle distance in kilometres.
                CREATE FUNCTION directory_distance_km(lat1 float8, lon1 float8, lat2 float8, lon2 float8) RETURNS float8
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT 2 * 6371.0088 * asin(least(1.0, sqrt(sin(radians(lat2 - lat1) / 2) ^ 2
                        + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ^ 2)))
                $$;

                CREATE TABLE listing_search (
                    listing_id uuid PRIMARY KEY REFERENCES listings (id) ON DELETE CASCADE,
                    tenant_id uuid NOT NULL,
                    name text NOT NULL,
                    name_key text NOT NULL,
                    name_words tsvector NOT NULL,
                    document tsvector NOT NULL,
                    description text,
                    categories text[] NOT NULL,
                    city text NOT NULL,
                    city_key text NOT NULL,
                    country text NOT NULL,
                    address text,
                    verified boolean NOT NULL,
                    rating numeric(3, 2),
                    review_count int NOT NULL,
                    rating_score real NOT NULL,
                    latitude float8 NOT NULL,
                    longitude float8 NOT NULL,
                    location point NOT NULL,
                    time_zone text NOT NULL,
                    weekly_open int4multirange NOT NULL,
                    exceptions jsonb NOT NULL,
                    photo_url text);
                CREATE INDEX ix_listing_search_document ON listing_search USING gin (document);
                CREATE INDEX ix_listing_search_name_words ON listing_search USING gin (name_words);
                CREATE INDEX ix_listing_search_location ON listing_search USING gist (location);

                -- Every word of the published documents and in how many it is: what a misspelt word is corrected to.
                CREATE TABLE directory_words (word text PRIMARY KEY, listings int NOT NULL);
                CREATE INDEX ix_directory_words_trigrams ON directory_words USING gin (word gin_trgm_ops);

                ALTER TABLE listing_search ENABLE ROW LEVEL SECURITY;
                ALTER TABLE directory_words ENABLE ROW LEVEL SECURITY;
                DO $$ DECLARE grant_row record; BEGIN
                    FOR grant_row IN SELECT DISTINCT g.grantee, g.table_name FROM information_schema.role_table_grants g
                                     WHERE g.table_name IN ('listing_search', 'directory_words') AND g.grantee <> current_user LOOP
                        EXECUTE format('REVOKE ALL ON %I FROM %I', grant_row.table_name, grant_row.grantee);
                    END LOOP;
                END $$;

                -- Set-based, so a statement that writes many listings refreshes them all at once.
                CREATE FUNCTION listing_search_refresh(changed uuid[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
                -- Statement-level triggers with transition tables (PostgreSQL allows one event per such trigger): a bulk import
                -- refreshes its listings and the vocabulary once, not once per row.
                CREATE FUNCTION listing_search_on_listings() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                BEGIN PERFORM listing_search_refresh(ARRAY(SELECT id FROM written_listings)); RETURN NULL; END $$;
                CREATE TRIGGER listing_search_on_insert AFTER INSERT ON listings REFERENCING NEW TABLE AS written_listings
                    FOR EACH STATEMENT EXECUTE FUNCTION listing_search_on_listings();
                CREATE TRIGGER listing_search_on_update AFTER UPDATE ON listings REFERENCING NEW TABLE AS written_listings
                    FOR EACH STATEMENT EXECUTE FUNCTION listing_search_on_listings();

                -- The vocabulary follows the documents: one upsert per statement, words in order (so concurrent writers lock them in
                -- one order).
                CREATE FUNCTION directory_words_on_search() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                BEGIN
                    -- Each branch names only the transition tables its event has.
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO directory_words AS w (word, listings)
                        SELECT word, count(*)::int FROM added_documents, unnest(tsvector_to_array(document)) word GROUP BY word ORDER BY word
                        ON CONFLICT (word) DO UPDATE SET listings = w.listings + excluded.listings;
                    ELSIF TG_OP = 'DELETE' THEN
                        INSERT INTO directory_words AS w (word, listings)
                        SELECT word, -count(*)::int FROM removed_documents, unnest(tsvector_to_array(document)) word GROUP BY word ORDER BY word
                        ON CONFLICT (word) DO UPDATE SET listings = w.listings + excluded.listings;
                    ELSE
                        INSERT INTO directory_words AS w (word, listings)
                        SELECT word, sum(change)::int FROM (
                            SELECT unnest(tsvector_to_array(a.document)) AS word, 1 AS change, r.document AS old_document, a.document AS new_document
                            FROM added_documents a JOIN removed_documents r USING (listing_id)
                            UNION ALL
                            SELECT unnest(tsvector_to_array(r.document)), -1, r.document, a.document
                            FROM added_documents a JOIN removed_documents r USING (listing_id)) changes
                        WHERE old_document IS DISTINCT FROM new_document
                        GROUP BY word HAVING sum(change) <> 0 ORDER BY word
                        ON CONFLICT (word) DO UPDATE SET listings = w.listings + excluded.listings;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER directory_words_on_insert AFTER INSERT ON listing_search REFERENCING NEW TABLE AS added_documents
                    FOR EACH STATEMENT EXECUTE FUNCTION directory_words_on_search();
                CREATE TRIGGER directory_words_on_update AFTER UPDATE ON listing_search REFERENCING OLD TABLE AS removed_documents NEW TABLE AS added_documents
                    FOR EACH STATEMENT EXECUTE FUNCTION directory_words_on_search();
                CREATE TRIGGER directory_words_on_delete AFTER DELETE ON listing_search REFERENCING OLD TABLE AS removed_documents
                    FOR EACH STATEMENT EXECUTE FUNCTION directory_words_on_search();

                -- A review's rating counts while it is visible; the listing's sum and count change in the review's own transaction,
                -- under the listing row's lock, so concurrent reviews add up exactly.
                CREATE FUNCTION listing_reviews_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.status = 'visible' THEN
                        UPDATE listings SET rating_sum = rating_sum - OLD.rating, review_count = review_count - 1 WHERE id = OLD.listing_id;
                    END IF;
                    IF TG_OP <> 'DELETE' AND NEW.status = 'visible' THEN
                        UPDATE listings SET rating_sum = rating_sum + NEW.rating, review_count = review_count + 1 WHERE id = NEW.listing_id;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER listing_reviews_count AFTER INSERT OR UPDATE OF rating, status OR DELETE ON listing_reviews
                    FOR EACH ROW EXECUTE FUNCTION listing_reviews_count();

                -- A published listing's tenant and whether it is open at a moment (the public listing page and reviews start here).
                CREATE FUNCTION directory_published(listing uuid, at timestamptz) RETURNS TABLE (tenant_id uuid, open_now boolean)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
                    SELECT s.tenant_id, directory_open_at(s.weekly_open, s.exceptions, s.time_zone, at) FROM listing_search s WHERE s.listing_id = listing
                $$;

                -- For each word the directory does not know, the known word fewest edits away (Elasticsearch's AUTO fuzziness: none
                -- for 1-2 letters, one for 3-5, two for longer), the most common on a tie.
                CREATE FUNCTION directory_spelling(words text[]) RETURNS TABLE (word text, correction text)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET pg_trgm.similarity_threshold = 0.25 AS $$
                    SELECT w.original, (SELECT d.word FROM directory_words d
                                        WHERE d.listings > 0 AND d.word % w.key
                                          AND levenshtein(d.word, w.key) <= CASE WHEN length(w.key) <= 2 THEN 0 WHEN length(w.key) <= 5 THEN 1 ELSE 2 END
                                        ORDER BY levenshtein(d.word, w.key), d.listings DESC, d.word LIMIT 1)
                    FROM (SELECT x AS original, lower(unaccent(x)) AS key FROM unnest(words) x) w
                    WHERE NOT EXISTS (SELECT 1 FROM directory_words d WHERE d.word = w.key AND d.listings > 0)
                $$;

                -- Autocomplete: categories whose name or keywords start with what was typed, then listing names whose words start
                -- with every word typed (a name that starts with the whole text first, then the most reviewed, the best rated).
                CREATE FUNCTION directory_suggest(prefix text, max_results int) RETURNS TABLE (kind text, text text, listing_id uuid, category text)
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
                CREATE FUNCTION directory_search(query text, category_filter text[], city_filter text, min_rating numeric, verified_only boolean,
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
                CREATE FUNCTION explain_directory_search(query text, prefer_indexes boolean) RETURNS SETOF text
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION explain_directory_search(text, boolean);
                DROP FUNCTION directory_search(text, text[], text, numeric, boolean, boolean, timestamptz, float8, float8, float8, text, int, int);
                DROP FUNCTION directory_suggest(text, int);
                DROP FUNCTION directory_spelling(text[]);
                DROP FUNCTION directory_published(uuid, timestamptz);
                DROP TRIGGER listing_reviews_count ON listing_reviews;
                DROP FUNCTION listing_reviews_count();
                DROP TRIGGER listing_search_on_insert ON listings;
                DROP TRIGGER listing_search_on_update ON listings;
                DROP FUNCTION listing_search_on_listings();
                DROP FUNCTION listing_search_refresh(uuid[]);
                DROP TABLE directory_words;
                DROP TABLE listing_search;
                DROP FUNCTION directory_words_on_search();
                DROP FUNCTION directory_distance_km(float8, float8, float8, float8);
                DROP FUNCTION directory_open_at(int4multirange, jsonb, text, timestamptz);
                DROP FUNCTION directory_open_with_exceptions(int4multirange, jsonb, text, timestamptz);
                DROP FUNCTION directory_minute_of_week(timestamptz, text);
                DROP FUNCTION directory_weekly_open(jsonb);
                DROP TEXT SEARCH CONFIGURATION directory;
                """);

            migrationBuilder.DropTable(
                name: "directory_categories");

            migrationBuilder.DropTable(
                name: "review_reports");

            migrationBuilder.DropTable(
                name: "listing_reviews");

            migrationBuilder.DropTable(
                name: "listings");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:fuzzystrmatch", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");
        }
    }
}
