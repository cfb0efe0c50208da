using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Commerce.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            // Product search (ADR 27): a document per product, kept by triggers; read only through the owner's functions below,
            // which filter by the transaction's tenant themselves, so PostgreSQL can use the GIN indexes that forced
            // row-level security would rule out (@@ and <% are not leakproof).
            migrationBuilder.Sql("""
                CREATE TABLE product_search (
                    product_id uuid PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
                    tenant_id uuid NOT NULL,
                    document tsvector NOT NULL,
                    name_key text NOT NULL);
                -- One index for both searches: each finds its own condition in it, led by the tenant.
                CREATE INDEX ix_product_search ON product_search USING gin (tenant_id, document, name_key gin_trgm_ops);
                ALTER TABLE product_search ENABLE ROW LEVEL SECURITY;
                CREATE POLICY tenant_isolation ON product_search
                    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
                    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
                DO $$ DECLARE grantee text; BEGIN
                    FOR grantee IN SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
                                   WHERE g.table_name = 'product_search' AND g.grantee <> current_user LOOP
                        EXECUTE format('REVOKE ALL ON product_search FROM %I', grantee);
                    END LOOP;
                END $$;

                CREATE FUNCTION product_search_refresh(product uuid) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                    INSERT INTO product_search (product_id, tenant_id, document, name_key)
                    SELECT p.id, p.tenant_id,
                           setweight(to_tsvector('simple', p.name), 'A')
                           || setweight(to_tsvector('simple', coalesce(c.name, '') || ' ' || coalesce(string_agg(v.name || ' ' || v.sku, ' '), '')), 'B')
                           || setweight(to_tsvector('simple', coalesce(p.description, '')), 'C'),
                           lower(p.name)
                    FROM products p LEFT JOIN categories c ON c.id = p.category_id LEFT JOIN product_variants v ON v.product_id = p.id
                    WHERE p.id = product
                    GROUP BY p.id, c.name
                    ON CONFLICT (product_id) DO UPDATE SET document = excluded.document, name_key = excluded.name_key;
                $$;
                CREATE FUNCTION product_search_on_product() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                BEGIN PERFORM product_search_refresh(NEW.id); RETURN NULL; END $$;
                CREATE TRIGGER product_search_refresh AFTER INSERT OR UPDATE OF name, description, category_id ON products
                    FOR EACH ROW EXECUTE FUNCTION product_search_on_product();
                CREATE FUNCTION product_search_on_variant() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN PERFORM product_search_refresh(OLD.product_id); END IF;
                    IF TG_OP <> 'DELETE' THEN PERFORM product_search_refresh(NEW.product_id); END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER product_search_refresh AFTER INSERT OR UPDATE OF name, sku, product_id OR DELETE ON product_variants
                    FOR EACH ROW EXECUTE FUNCTION product_search_on_variant();
                CREATE FUNCTION product_search_on_category() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                BEGIN PERFORM product_search_refresh(p.id) FROM products p WHERE p.category_id = NEW.id; RETURN NULL; END $$;
                CREATE TRIGGER product_search_refresh AFTER UPDATE OF name ON categories
                    FOR EACH ROW EXECUTE FUNCTION product_search_on_category();

                -- Full-text first; only when no document matches, the names nearest in spelling (a typo): the longest word looked up in
                -- the trigram index, every word at least half similar to some word of the name, ranked by their mean similarity.
                CREATE FUNCTION search_products(query text, max_results int) RETURNS TABLE (product_id uuid, rank real)
                LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET pg_trgm.word_similarity_threshold = 0.5 AS $$
                DECLARE
                    tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
                    words tsquery := websearch_to_tsquery('simple', query);
                    spelled text[] := array(SELECT w FROM regexp_split_to_table(lower(trim(query)), '[^[:alnum:]]+') w WHERE w <> '' ORDER BY length(w) DESC, w);
                BEGIN
                    RETURN QUERY
                    SELECT s.product_id, ts_rank('{0.1, 0.2, 0.4, 1.0}', s.document, words)
                    FROM product_search s
                    WHERE s.tenant_id = tenant AND s.document @@ words
                    ORDER BY 2 DESC, 1
                    LIMIT max_results;
                    IF NOT FOUND AND cardinality(spelled) > 0 AND querytree(words) NOT LIKE '%!%' THEN
                        RETURN QUERY
                        SELECT s.product_id, (SELECT avg(word_similarity(w, s.name_key)) FROM unnest(spelled) w)::real
                        FROM product_search s
                        WHERE s.tenant_id = tenant AND spelled[1] <% s.name_key
                          AND (SELECT bool_and(word_similarity(w, s.name_key) >= 0.5) FROM unnest(spelled) w)
                        ORDER BY 2 DESC, 1
                        LIMIT max_results;
                    END IF;
                END $$;
                -- The plans of both queries; with prefer_indexes, the table's statistics are brought up to date and sequential scans
                -- are ruled out for this transaction, which shows whether an index can be used at all on a table too small for the
                -- planner to want it.
                CREATE FUNCTION explain_product_search(query text, max_results int, prefer_indexes boolean) RETURNS SETOF text
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET pg_trgm.word_similarity_threshold = 0.5 AS $$
                DECLARE
                    tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
                    words tsquery := websearch_to_tsquery('simple', query);
                    spelled text[] := array(SELECT w FROM regexp_split_to_table(lower(trim(query)), '[^[:alnum:]]+') w WHERE w <> '' ORDER BY length(w) DESC, w);
                BEGIN
                    IF prefer_indexes THEN ANALYZE product_search; PERFORM set_config('enable_seqscan', 'off', true); END IF;
                    RETURN NEXT 'Full-text: ' || words::text;
                    RETURN QUERY EXECUTE format($q$
                        EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                        SELECT s.product_id, ts_rank('{0.1, 0.2, 0.4, 1.0}', s.document, %L::tsquery)
                        FROM product_search s WHERE s.tenant_id = %L::uuid AND s.document @@ %L::tsquery
                        ORDER BY 2 DESC, 1 LIMIT %s $q$, words, tenant, words, max_results);
                    RETURN NEXT 'Spelling: ' || array_to_string(spelled, ' ');
                    RETURN QUERY EXECUTE format($q$
                        EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                        SELECT s.product_id, (SELECT avg(word_similarity(w, s.name_key)) FROM unnest(%L::text[]) w)::real
                        FROM product_search s WHERE s.tenant_id = %L::uuid AND %L <%% s.name_key
                          AND (SELECT bool_and(word_similarity(w, s.name_key) >= 0.5) FROM unnest(%L::text[]) w)
                        ORDER BY 2 DESC, 1 LIMIT %s $q$, spelled, tenant, coalesce(spelled[1], ''), spelled, max_results);
                END $$;

                ALTER TABLE products NO FORCE ROW LEVEL SECURITY;
                ALTER TABLE product_variants NO FORCE ROW LEVEL SECURITY;
                ALTER TABLE categories NO FORCE ROW LEVEL SECURITY;
                SELECT product_search_refresh(id) FROM products;
                ALTER TABLE products FORCE ROW LEVEL SECURITY;
                ALTER TABLE product_variants FORCE ROW LEVEL SECURITY;
                ALTER TABLE categories FORCE ROW LEVEL SECURITY;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER product_search_refresh ON categories;
                DROP TRIGGER product_search_refresh ON product_variants;
                DROP TRIGGER product_search_refresh ON products;
                DROP FUNCTION explain_product_search(text, int, boolean);
                DROP FUNCTION search_products(text, int);
                DROP FUNCTION product_search_on_category();
                DROP FUNCTION product_search_on_variant();
                DROP FUNCTION product_search_on_product();
                DROP FUNCTION product_search_refresh(uuid);
                DROP TABLE product_search;
                """);
            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
