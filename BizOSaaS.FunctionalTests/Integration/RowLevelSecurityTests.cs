using System.Net.Http.Json;
using Npgsql;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// Tenant isolation in the databases themselves: raw SQL, run as each service's runtime role, sees only the
/// tenant set for its transaction, nothing without one, and cannot write another tenant's rows.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RowLevelSecurityTests(PlatformFixture platform)
{
    /// <summary>Tables with a tenant_id that are registries, not tenant data: the hub's memberships, read across tenants
    /// by sign-in and reached only through the members API, which always filters by the caller's tenant; the crm's and
    /// commerce's known tenants, which hold nothing but the ids their background work iterates.</summary>
    private static readonly Dictionary<string, string[]> RegistryTables = new()
    {
        ["hubdb"] = ["memberships"],
        ["crmdb"] = ["known_tenants"],
        ["commercedb"] = ["known_tenants"],
    };

    public static TheoryData<string> Databases => new() { "hubdb", "crmdb", "commercedb", "directorydb" };

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Every_tenant_table_has_forced_row_level_security_with_the_fail_closed_policy(string database)
    {
        await using var connection = await OpenAsync(database);
        var tables = await TenantTablesAsync(connection, database);
        Assert.NotEmpty(tables);

        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand("""
                SELECT c.relrowsecurity, c.relforcerowsecurity,
                       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid),
                       (SELECT pg_get_expr(p.polqual, p.polrelid) FROM pg_policy p WHERE p.polrelid = c.oid LIMIT 1),
                       (SELECT pg_get_expr(p.polwithcheck, p.polrelid) FROM pg_policy p WHERE p.polrelid = c.oid LIMIT 1),
                       (SELECT p.polcmd FROM pg_policy p WHERE p.polrelid = c.oid LIMIT 1)
                FROM pg_class c WHERE c.relname = $1 AND c.relnamespace = 'public'::regnamespace
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = table });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0), $"{database}.{table}: row-level security is not enabled");
            Assert.True(reader.GetBoolean(1), $"{database}.{table}: row-level security is not forced");
            Assert.Equal(1L, reader.GetInt64(2));
            Assert.Contains("current_setting('app.tenant_id'", reader.GetString(3));
            Assert.Contains("current_setting('app.tenant_id'", reader.GetString(4));
            Assert.Equal('*', reader.GetChar(5));
        }
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Raw_selects_as_the_runtime_role_see_only_the_current_tenant_and_nothing_without_one(string database)
    {
        await SeedTwoTenantsAsync();
        await using var connection = await OpenAsync(database);

        foreach (var table in await TenantTablesAsync(connection, database))
        {
            // With no tenant set, nothing: the policy fails closed.
            Assert.Equal(0L, await ScalarAsync<long>(connection, null, $"SELECT count(*) FROM {table}"));

            foreach (var tenant in new[] { PlatformTokens.CorelDove, PlatformTokens.Bizoholic })
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await TenantSql.SetTenantAsync(connection, transaction, tenant);
                var total = await ScalarAsync<long>(connection, transaction, $"SELECT count(*) FROM {table}");
                var others = await ScalarAsync<long>(connection, transaction, $"SELECT count(*) FROM {table} WHERE tenant_id <> $1", tenant);
                Assert.True(total > 0, $"{database}.{table} has no rows of {tenant} to test with");
                Assert.Equal(0L, others);
                await transaction.RollbackAsync();
            }

            // The setting belonged to the transaction: the pooled connection carries nothing over.
            Assert.Equal(0L, await ScalarAsync<long>(connection, null, $"SELECT count(*) FROM {table}"));
        }
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task An_insert_carrying_another_tenants_id_is_rejected(string database)
    {
        await SeedTwoTenantsAsync();
        await using var connection = await OpenAsync(database);

        foreach (var table in await TenantTablesAsync(connection, database))
        {
            // A copy of one of CorelDove's own rows, with a new id and the tenant given below (generated columns left out).
            var columns = string.Join(", ", await WritableColumnsAsync(connection, table));
            var copy = $"""
                INSERT INTO {table} ({columns})
                SELECT {columns} FROM jsonb_populate_record(NULL::{table},
                    (SELECT to_jsonb(r) FROM {table} r LIMIT 1) || jsonb_build_object('id', gen_random_uuid(), 'tenant_id', $1::uuid))
                """;

            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await TenantSql.SetTenantAsync(connection, transaction, PlatformTokens.CorelDove);
                // Control: the same statement with the tenant's own id passes row-level security, so only the tenant id
                // decides. It may still meet a unique key (the copy repeats the row's other values): PostgreSQL checks
                // the policy before the keys, so that too means the policy let it through.
                await transaction.SaveAsync("control");
                try
                {
                    Assert.Equal(1, await ExecuteAsync(connection, transaction, copy, PlatformTokens.CorelDove));
                }
                catch (PostgresException unique) when (unique.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    await transaction.RollbackAsync("control");
                }
                var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, transaction, copy, PlatformTokens.Bizoholic));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
                Assert.Contains("row-level security", error.MessageText);
            }

            // Updating a row into another tenant is refused the same way.
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await TenantSql.SetTenantAsync(connection, transaction, PlatformTokens.CorelDove);
                var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, transaction,
                    $"UPDATE {table} SET tenant_id = $1::uuid WHERE ctid = (SELECT ctid FROM {table} LIMIT 1)", PlatformTokens.Bizoholic));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            }
        }
    }

    [Fact]
    public async Task Services_refuse_another_tenants_record_by_id_with_404()
    {
        using var coreldove = await platform.Tokens.ClientAsync("crm", "admin@coreldove.dev");
        using var bizoholic = await platform.Tokens.ClientAsync("crm", "admin@bizoholic.dev");
        var created = await (await coreldove.PostAsJsonAsync("/api/leads", new { name = "Private", email = $"private-{Guid.NewGuid():N}@coreldove.dev" }))
            .Content.ReadFromJsonAsync<IdOnly>();

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await bizoholic.GetAsync($"/api/leads/{created!.Id}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await bizoholic.DeleteAsync($"/api/leads/{created.Id}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await coreldove.GetAsync($"/api/leads/{created.Id}")).StatusCode);
        var bizoholicLeads = await bizoholic.GetFromJsonAsync<LeadPage>("/api/leads?q=private&limit=500");
        Assert.DoesNotContain(bizoholicLeads!.Items, l => l.Id == created.Id);
    }

    /// <summary>Rows of CorelDove and Bizoholic in every tenant table, written through the services' APIs.</summary>
    private async Task SeedTwoTenantsAsync()
    {
        foreach (var email in new[] { "admin@coreldove.dev", "admin@bizoholic.dev" })
        {
            // Signing in writes the hub's audit events.
            await platform.Tokens.SignInAsync(email);
            using var crm = await platform.Tokens.ClientAsync("crm", email);
            using var commerce = await platform.Tokens.ClientAsync("commerce", email);
            using var directory = await platform.Tokens.ClientAsync("directory", email);
            // A lead (with its settings, sources, pipeline and audit trail), an activity, and a conversion: contact, company, deal.
            var lead = await CreatedIdAsync(await crm.PostAsJsonAsync("/api/leads", new { name = "Dana Lead", email = $"dana-{Guid.NewGuid():N}@acme-rls.example", company = "Acme" }));
            (await crm.PostAsJsonAsync("/api/activities", new { kind = "call", subject = "Intro call", leadId = lead })).EnsureSuccessStatusCode();
            (await crm.PostAsync($"/api/leads/{lead}/convert", JsonContent.Create(new { amount = 1200, currency = "EUR" }))).EnsureSuccessStatusCode();
            // A lead scored past the high-value threshold: a qualification request in the outbox.
            var valuable = await CreatedIdAsync(await crm.PostAsJsonAsync("/api/leads", new
            {
                name = "Vera Valuable",
                email = $"vera-{Guid.NewGuid():N}@bigcorp-rls.example",
                company = "BigCorp",
                jobTitle = "CEO",
                industry = "Software",
                companySize = 5000,
            }));
            for (var i = 0; i < 3; i++)
            {
                (await crm.PostAsJsonAsync("/api/activities", new { kind = "meeting", subject = "Workshop", leadId = valuable })).EnsureSuccessStatusCode();
            }
            (await commerce.PostAsJsonAsync("/api/products", new { name = "Mug", price = 9.5m, currency = "USD" })).EnsureSuccessStatusCode();
            // Once per run: the rows stay, and the store's dozen writes per seeding would eat the tenant's rate limit.
            if (StoreSeeded.Add(email))
            {
                await SeedStoreAsync(commerce);
            }
            (await directory.PostAsJsonAsync("/api/businesses", new { name = "Corner Cafe", category = "Food", city = "Austin" })).EnsureSuccessStatusCode();
            await SeedDirectoryAsync(directory);
            // Approvals: the tenant's due times (the defaults), a request with its history and, once cancelled, its callback.
            using var hub = await platform.Tokens.ClientAsync("hub", email);
            (await hub.PutAsJsonAsync("/api/brain/hitl/settings", new { dueMinutes = new { urgent = 60, high = 240, medium = 1440, low = 4320 } })).EnsureSuccessStatusCode();
            var approval = await (await hub.PostAsJsonAsync("/api/brain/hitl/requests",
                new { type = "product_sourcing", title = "Source mugs", originService = "crm", callbackPath = "/api/approvals/decisions" })).Content.ReadFromJsonAsync<IdOnly>();
            (await hub.PostAsync($"/api/brain/hitl/cancel/{approval!.Id}", null)).EnsureSuccessStatusCode();
        }
    }

    /// <summary>A row in every directory table: a published listing (and so its search copy) with a review that someone reported.</summary>
    private static async Task SeedDirectoryAsync(HttpClient directory)
    {
        var listing = await CreatedIdAsync(await directory.PostAsJsonAsync("/api/listings", new
        {
            name = "Corner Cafe",
            categories = new[] { "cafes" },
            city = "Austin",
            country = "US",
            latitude = 30.27,
            longitude = -97.74,
            timeZone = "America/Chicago",
        }));
        (await directory.PostAsync($"/api/listings/{listing}/publish", null)).EnsureSuccessStatusCode();
        var posted = await (await directory.PostAsJsonAsync($"/api/public/listings/{listing}/reviews",
            new { rating = 4, text = "Good coffee", name = "Ann", email = $"ann-{Guid.NewGuid():N}@example.com" })).Content.ReadFromJsonAsync<PostedReviewId>();
        (await directory.PostAsJsonAsync($"/api/public/listings/{listing}/reviews/{posted!.Review.Id}/reports", new { reason = "Spam" })).EnsureSuccessStatusCode();
    }

    private sealed record PostedReviewId(IdOnly Review);

    /// <summary>A row in every store table: settings, a category and a product in it, stock in a warehouse, shipping, a
    /// once-per-customer voucher, a product type, a checkout holding stock, a completed checkout (order, lines, allocation, movements, voucher use), a payment
    /// (transaction, events), a shipment of part of the order (fulfillment, its line), an approved supplier with documents
    /// whose feed made a candidate (and a quoted price), and a supplier waiting for a person (an outbox request).</summary>
    private static async Task SeedStoreAsync(HttpClient commerce)
    {
        (await commerce.PutAsJsonAsync("/api/store/settings", new { currency = "USD", taxRatePercent = 0 })).EnsureSuccessStatusCode();
        var category = await CreatedIdAsync(await commerce.PostAsJsonAsync("/api/categories", new { name = $"Mugs {Guid.NewGuid():N}" }));
        var sku = $"RLS-{Guid.NewGuid():N}"[..20];
        var product = await (await commerce.PostAsJsonAsync("/api/products", new { name = "Stocked mug", categoryId = category, variants = new[] { new { sku, price = 12m } } }))
            .Content.ReadFromJsonAsync<ProductIdAndVariants>();
        var variant = product!.Variants[0].Id;
        var warehouse = await CreatedIdAsync(await commerce.PostAsJsonAsync("/api/warehouses", new { name = $"RLS depot {Guid.NewGuid():N}" }));
        (await commerce.PostAsJsonAsync("/api/stock/changes", new { variantId = variant, warehouseId = warehouse, change = 5, reason = "restock" })).EnsureSuccessStatusCode();
        var shipping = await CreatedIdAsync(await commerce.PostAsJsonAsync("/api/shipping-methods", new { name = $"Post {Guid.NewGuid():N}", price = 3m }));
        var code = $"RLS{Guid.NewGuid():N}"[..12];
        (await commerce.PostAsJsonAsync("/api/vouchers", new { code, kind = "fixed", value = 1m, oncePerCustomer = true })).EnsureSuccessStatusCode();
        var checkout = await CreatedIdAsync(await commerce.PostAsJsonAsync("/api/checkouts", new
        {
            email = $"rls-{Guid.NewGuid():N}@example.com",
            lines = new[] { new { variantId = variant, quantity = 2 } },
            shippingAddress = new { name = "R. L. S.", line1 = "1 Policy Road", city = "Austin", postalCode = "73301", country = "US" },
            shippingMethodId = shipping,
            voucherCode = code,
        }));
        var order = await (await commerce.PostAsync($"/api/checkouts/{checkout}/complete", null)).Content.ReadFromJsonAsync<OrderIdAndLines>();
        (await commerce.PostAsJsonAsync($"/api/orders/{order!.Id}/payments", new { method = "test" })).EnsureSuccessStatusCode();
        (await commerce.PostAsJsonAsync($"/api/orders/{order.Id}/fulfillments", new { warehouseId = warehouse, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1 } } }))
            .EnsureSuccessStatusCode();
        // A checkout still open keeps its line; one made while the store reserved holds its stock (reserving is then turned
        // off again, so no other test's checkouts hold stock).
        (await commerce.PostAsJsonAsync("/api/checkouts", new { lines = new[] { new { variantId = variant, quantity = 1 } } })).EnsureSuccessStatusCode();
        (await commerce.PutAsJsonAsync("/api/store/settings", new { currency = "USD", taxRatePercent = 0, stockReservationSeconds = 3600 })).EnsureSuccessStatusCode();
        (await commerce.PostAsJsonAsync("/api/checkouts", new { lines = new[] { new { variantId = variant, quantity = 1 } } })).EnsureSuccessStatusCode();
        (await commerce.PutAsJsonAsync("/api/store/settings", new { currency = "USD", taxRatePercent = 0, stockReservationSeconds = 0 })).EnsureSuccessStatusCode();
        // A product type and a product of that type.
        var type = await CreatedIdAsync(await commerce.PostAsJsonAsync("/api/product-types",
            new { name = $"RLS type {Guid.NewGuid():N}", attributes = new[] { new { name = "Material", kind = "text" } } }));
        (await commerce.PostAsJsonAsync("/api/products", new { name = "Typed mug", price = 9m, productTypeId = type, attributes = new Dictionary<string, string> { ["Material"] = "Clay" } }))
            .EnsureSuccessStatusCode();
        // The same country table as the sourcing tests use.
        (await commerce.PutAsJsonAsync("/api/sourcing/settings", new { threshold = 70, marketplaceFeePercent = 15, countryRisk = new Dictionary<string, decimal> { ["DE"] = 10, ["XX"] = 90 } }))
            .EnsureSuccessStatusCode();
        var supplier = await CreatedIdAsync(await commerce.PostAsJsonAsync("/api/suppliers",
            new { name = $"RLS supplier {Guid.NewGuid():N}", country = "DE", ordersDelivered = 100, defectiveOrders = 1, lateShipments = 2 }));
        (await commerce.PostAsJsonAsync($"/api/suppliers/{supplier}/documents", new { kind = "registration", number = "R-1" })).EnsureSuccessStatusCode();
        (await commerce.PostAsJsonAsync($"/api/suppliers/{supplier}/documents", new { kind = "tax_id", number = "T-1" })).EnsureSuccessStatusCode();
        (await commerce.PostAsJsonAsync($"/api/suppliers/{supplier}/feed",
            new[] { new { sku = $"F-{Guid.NewGuid():N}"[..20], name = "Sourced mug", cost = 5m, suggestedPrice = 30m, monthlyDemand = 500, competitors = 1 } }))
            .EnsureSuccessStatusCode();
        (await commerce.PostAsJsonAsync("/api/suppliers", new { name = $"RLS unknown supplier {Guid.NewGuid():N}", country = "DE" })).EnsureSuccessStatusCode();
    }

    private static readonly HashSet<string> StoreSeeded = [];

    private sealed record ProductIdAndVariants(Guid Id, List<IdOnly> Variants);

    private sealed record OrderIdAndLines(Guid Id, List<IdOnly> Lines);

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IdOnly>())!.Id;
    }

    private static async Task<List<string>> WritableColumnsAsync(NpgsqlConnection connection, string table)
    {
        var columns = new List<string>();
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    /// <summary>As the service's runtime role: the connection string the service itself gets.</summary>
    private async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(platform.App.GetConnectionString(database));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<string>> TenantTablesAsync(NpgsqlConnection connection, string database)
    {
        var tables = new List<string>();
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables.Except(RegistryTables.GetValueOrDefault(database) ?? []).ToList();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return await command.ExecuteNonQueryAsync();
    }

    private sealed record IdOnly(Guid Id);

    private sealed record LeadPage(List<IdOnly> Items);
}
