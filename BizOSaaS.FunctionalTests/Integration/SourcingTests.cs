using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BizOSaaS.Commerce.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using static BizOSaaS.FunctionalTests.Integration.ApprovalsTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// Supplier validation and product sourcing on the real platform: a supplier too little is known about waits for a person
/// in the hub's approval queue; once approved its feed becomes scored candidates; a candidate above the threshold waits
/// for a person too, and approval makes exactly one draft product however often the decision is delivered. Risk factors
/// with known answers, validation with nothing written, and another tenant that finds nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SourcingTests(PlatformFixture platform)
{
    private const string Commerce = "/api/brain/commerce";
    private const string CallbackPath = "/api/approvals/decisions";

    private readonly ApprovalsTestClient _approvals = new(platform);

    /// <summary>The country table every test here relies on, written once by a tenant admin.</summary>
    private static Task? _settings;

    private async Task<HttpClient> AdminAsync()
    {
        var admin = await _approvals.PersonAsync("admin@coreldove.dev");
        await (_settings ??= SetSettingsAsync(admin));
        return admin;
    }

    private static async Task SetSettingsAsync(HttpClient admin)
    {
        using var response = await admin.PutAsJsonAsync($"{Commerce}/sourcing/settings", new
        {
            threshold = 70,
            marketplaceFeePercent = 15,
            countryRisk = new Dictionary<string, decimal> { ["DE"] = 10, ["XX"] = 90 },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_supplier_a_person_approved_feeds_candidates_and_an_approved_candidate_becomes_exactly_one_draft_product()
    {
        using var admin = await AdminAsync();
        var name = $"Rhein Ceramics {Guid.NewGuid():N}"[..28];
        // 12 orders say nothing yet, no documents: only documents and country are known, under half the weight → unknown.
        var supplier = await PostAsync<SupplierResponse>(admin, "suppliers", new { name, country = "de", ordersDelivered = 12, defectiveOrders = 0, lateShipments = 0 });
        Assert.Equal((SupplierStatuses.PendingApproval, RiskLevels.Unknown), (supplier.Status, supplier.Risk.Level));
        // Documents (100 + 100 + 50) / 3 = 83.3 and country 10: (83.3 × 30 + 10 × 15) / 45 = 58.9.
        Assert.Equal(58.9m, supplier.Risk.Score);
        Assert.Equal([83.3m, null, null, 10m, null], supplier.Risk.Factors.Select(f => f.Risk));
        Assert.Equal("DE", supplier.Country);

        object[] feed =
        [
            new { sku = "RC-MUG", name = $"Glazed mug {name}", cost = 12m, shippingCost = 3m, suggestedPrice = 40m, monthlyDemand = 99, competitors = 4, category = "Kitchen" },
            new { sku = "RC-VASE", name = $"Tall vase {name}", cost = 30m, shippingCost = 8m, suggestedPrice = 35m, monthlyDemand = 5, competitors = 30 },
        ];
        using (var early = await admin.PostAsJsonAsync($"{Commerce}/suppliers/{supplier.Id}/feed", feed))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        // The supplier's review asked the queue; a person approves and the decision comes back to commerce.
        var validation = await RequestForAsync(admin, "supplier_validation", "supplierId", supplier.Id);
        Assert.Equal("commerce", validation.OriginService);
        Assert.Equal(CallbackPath, validation.CallbackPath);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(admin, "approve", validation.Id, "Known to us for years")).Status);
        await WaitUntilAsync(async () => (await GetAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}")).Status == SupplierStatuses.Approved,
            "the supplier is approved once the decision reaches commerce");
        Assert.Contains("Approved by admin@coreldove.dev at risk unknown (58.9)", (await GetAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}")).StatusReason);

        var imported = await PostAsync<FeedImportResult>(admin, $"suppliers/{supplier.Id}/feed", feed, HttpStatusCode.OK);
        Assert.Equal((2, 2, 0, 1), (imported.Rows, imported.Created, imported.Updated, imported.Raised));
        var candidates = (await admin.GetFromJsonAsync<List<SourcingCandidateResponse>>($"{Commerce}/sourcing/candidates?supplierId={supplier.Id}"))!;
        var mug = candidates.Single(c => c.SupplierSku == "RC-MUG");
        var vase = candidates.Single(c => c.SupplierSku == "RC-VASE");
        // Margin 40 × 0.40 + demand 66.7 × 0.25 + competition 80 × 0.15 + supplier (100 − 58.9) × 0.20 = 40 + 16.7 + 12 + 8.2.
        Assert.Equal(76.9m, mug.Score);
        Assert.Equal([40m, 16.7m, 12m, 8.2m], mug.Factors.Select(f => f.Points));
        Assert.Equal(SourcingStatuses.PendingApproval, mug.Status);
        Assert.Equal(SourcingStatuses.BelowThreshold, vase.Status);
        Assert.Equal([mug.Id, vase.Id], candidates.Select(c => c.Id));

        var sourcing = await RequestForAsync(admin, "product_sourcing", "candidateId", mug.Id);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(admin, "approve", sourcing.Id)).Status);
        SourcingCandidateResponse? approved = null;
        await WaitUntilAsync(async () => (approved = await GetAsync<SourcingCandidateResponse>(admin, $"sourcing/candidates/{mug.Id}")).ProductId is not null,
            "the approved candidate has its draft product");
        var product = await GetAsync<ProductResponse>(admin, $"products/{approved!.ProductId}");
        Assert.False(product.IsPublished);
        Assert.Equal(mug.Name, product.Name);
        var variant = Assert.Single(product.Variants);
        Assert.Equal(("RC-MUG", 40m, 12m), (variant.Sku, variant.Price, variant.CostPrice));

        // Delivery is at least once: the same decision three more times, two of them at once, makes no second product.
        var body = await CallbackBodyAsync(PlatformTokens.CorelDove, sourcing.Id);
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove, "commerce");
        var repeats = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var repeated = await service.PostAsync(CallbackPath, new StringContent(body, Encoding.UTF8, "application/json"));
            return repeated.StatusCode;
        }));
        Assert.All(repeats, status => Assert.Equal(HttpStatusCode.OK, status));
        var drafts = (await admin.GetFromJsonAsync<List<ProductResponse>>($"{Commerce}/products?q={Uri.EscapeDataString($"\"{mug.Name}\"")}"))!;
        Assert.Single(drafts, p => p.Name == mug.Name);
        Assert.Equal(1, await CountAsync(PlatformTokens.CorelDove, "SELECT count(*) FROM products WHERE sourcing_candidate_id = $1", mug.Id));

        // The same feed again updates its candidates and asks nobody twice.
        var again = await PostAsync<FeedImportResult>(admin, $"suppliers/{supplier.Id}/feed", feed, HttpStatusCode.OK);
        Assert.Equal((0, 2, 0), (again.Created, again.Updated, again.Raised));
        Assert.Equal(SourcingStatuses.Approved, (await GetAsync<SourcingCandidateResponse>(admin, $"sourcing/candidates/{mug.Id}")).Status);
    }

    [Fact]
    public async Task A_supplier_with_a_full_record_is_approved_at_once_and_an_expired_document_sends_it_back_to_a_person()
    {
        using var admin = await AdminAsync();
        var supplier = await PostAsync<SupplierResponse>(admin, "suppliers",
            new { name = $"Berlin Linen {Guid.NewGuid():N}"[..26], country = "DE", ordersDelivered = 200, defectiveOrders = 4, lateShipments = 10 });
        await PostAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}/documents", new { kind = "registration", number = "HRB 1234", expiresOn = "2030-01-01" }, HttpStatusCode.OK);
        var taxed = await PostAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}/documents", new { kind = "tax_id", number = "DE123456789" }, HttpStatusCode.OK);

        // Documents (0 + 0 + 50) / 3 = 16.7, defects 2 % → 20, late 5 % → 25, country 10, no prices yet:
        // (16.7 × 30 + 20 × 20 + 25 × 20 + 10 × 15) / 85 = 1551 / 85 = 18.2 → low, approved without a person.
        Assert.Equal(18.2m, taxed.Risk.Score);
        Assert.Equal((RiskLevels.Low, SupplierStatuses.Approved), (taxed.Risk.Level, taxed.Status));
        Assert.Equal([16.7m, 20m, 25m, 10m, null], taxed.Risk.Factors.Select(f => f.Risk));
        Assert.Contains("Approved automatically: risk low (18.2)", taxed.StatusReason);
        Assert.Contains("4 of 200 orders defective (2 %)", taxed.Risk.Factors[1].Evidence);

        // The registration is replaced by one that ran out yesterday: a required document expired → high, back to a person.
        var registration = taxed.Documents.Single(d => d.Kind == "registration");
        using (var removed = await admin.DeleteAsync($"{Commerce}/suppliers/{supplier.Id}/documents/{registration.Id}"))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var expired = await PostAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}/documents",
            new { kind = "registration", number = "HRB 1234", expiresOn = yesterday.ToString("yyyy-MM-dd") }, HttpStatusCode.OK);
        Assert.Equal((RiskLevels.High, SupplierStatuses.PendingApproval), (expired.Risk.Level, expired.Status));
        Assert.True(Assert.Single(expired.Documents, d => d.Kind == "registration").Expired);
        // (100 + 0 + 50) / 3 = 50: (50 × 30 + 400 + 500 + 150) / 85 = 30.
        Assert.Equal(30m, expired.Risk.Score);
        await RequestForAsync(admin, "supplier_validation", "supplierId", supplier.Id);
        using var refused = await admin.PostAsJsonAsync($"{Commerce}/suppliers/{supplier.Id}/feed", new[] { new { sku = "L-1", name = "Linen towel", cost = 4m, suggestedPrice = 15m } });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task Bad_suppliers_documents_and_feeds_are_refused_with_their_fields_and_nothing_is_written()
    {
        using var admin = await AdminAsync();
        var name = $"Bad Supplier {Guid.NewGuid():N}"[..26];
        await AssertFieldsAsync(admin, "suppliers", new { name, country = "Germany", ordersDelivered = 5, defectiveOrders = 6, website = "ftp://x" },
            "country", "defectiveOrders", "website");
        await AssertFieldsAsync(admin, "suppliers", new { country = "DE" }, "name");
        Assert.DoesNotContain((await admin.GetFromJsonAsync<List<SupplierResponse>>($"{Commerce}/suppliers"))!, s => s.Name == name);

        var supplier = await PostAsync<SupplierResponse>(admin, "suppliers",
            new { name, country = "DE", ordersDelivered = 100, defectiveOrders = 1, lateShipments = 2 });
        await AssertFieldsAsync(admin, $"suppliers/{supplier.Id}/documents", new { kind = "passport", number = "" }, "kind", "number");
        await AssertFieldsAsync(admin, $"suppliers/{supplier.Id}/documents", new { kind = "tax_id", number = "1", issuedOn = "2026-05-01", expiresOn = "2026-01-01" }, "expiresOn");
        Assert.Empty((await GetAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}")).Documents);

        // Approved directly in commerce's outbox terms is not possible from outside; a complete record gets it approved.
        await PostAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}/documents", new { kind = "registration", number = "R-1" }, HttpStatusCode.OK);
        var ready = await PostAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}/documents", new { kind = "tax_id", number = "T-1" }, HttpStatusCode.OK);
        Assert.Equal(SupplierStatuses.Approved, ready.Status);

        // One bad row refuses the whole feed, each error named by its row; nothing of the good row is written.
        await AssertFieldsAsync(admin, $"suppliers/{supplier.Id}/feed", new object[]
        {
            new { sku = "OK-1", name = "Fine row", cost = 5m, suggestedPrice = 20m },
            new { sku = "BAD-1", name = "", cost = -1m, suggestedPrice = 20m, currency = "JPY" },
            new { sku = "OK-1", name = "Same SKU again", cost = 5m, suggestedPrice = 20m },
        }, "[1].name", "[1].cost", "[1].currency", "[2].sku");
        using (var csv = await admin.PostAsync($"{Commerce}/suppliers/{supplier.Id}/feed/csv",
            new StringContent("sku,name,cost,suggested_price\nOK-2,Fine row,5,20\nBAD-2,Comma price,\"5,5\",20\n", Encoding.UTF8, "text/csv")))
        {
            var problem = await ProblemAsync(csv);
            Assert.Equal(["line 3.cost"], problem.Errors.Keys);
        }
        using (var headless = await admin.PostAsync($"{Commerce}/suppliers/{supplier.Id}/feed/csv", new StringContent("price\n5\n", Encoding.UTF8, "text/csv")))
        {
            Assert.Equal(["file"], (await ProblemAsync(headless)).Errors.Keys);
        }
        Assert.Empty((await admin.GetFromJsonAsync<List<SourcingCandidateResponse>>($"{Commerce}/sourcing/candidates?supplierId={supplier.Id}"))!);

        // The CSV path with good rows works like the JSON one.
        using (var good = await admin.PostAsync($"{Commerce}/suppliers/{supplier.Id}/feed/csv",
            new StringContent("SKU,Name,Cost,Suggested Price,Monthly Demand\nOK-2,Fine row,5,20,10\n", Encoding.UTF8, "text/csv")))
        {
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
            Assert.Equal(1, (await good.Content.ReadFromJsonAsync<FeedImportResult>())!.Created);
        }
        var candidate = Assert.Single((await admin.GetFromJsonAsync<List<SourcingCandidateResponse>>($"{Commerce}/sourcing/candidates?supplierId={supplier.Id}"))!);

        using var settings = await admin.PutAsJsonAsync($"{Commerce}/sourcing/settings", new { threshold = 170, marketplaceFeePercent = 15, countryRisk = new Dictionary<string, decimal> { ["Germany"] = 5 } });
        var settingsProblem = await ProblemAsync(settings);
        Assert.Equal(["countryRisk", "threshold"], settingsProblem.Errors.Keys.Order());
        Assert.Equal(["Germany is not a two-letter ISO 3166 country code."], settingsProblem.Errors["countryRisk"]);
        Assert.Equal(70m, (await GetAsync<SourcingSettingsResponse>(admin, "sourcing/settings")).Threshold);

        // Another tenant finds none of it.
        using var other = await _approvals.PersonAsync("admin@bizoholic.dev");
        foreach (var path in new[] { $"suppliers/{supplier.Id}", $"sourcing/candidates/{candidate.Id}" })
        {
            using var response = await other.GetAsync($"{Commerce}/{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using (var feed = await other.PostAsJsonAsync($"{Commerce}/suppliers/{supplier.Id}/feed", new[] { new { sku = "X", name = "X", cost = 1m, suggestedPrice = 2m } }))
        {
            Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode);
        }
        Assert.DoesNotContain((await other.GetFromJsonAsync<List<SupplierResponse>>($"{Commerce}/suppliers"))!, s => s.Id == supplier.Id);
    }

    [Fact]
    public async Task A_feed_is_fetched_from_the_address_the_tenant_gives_and_never_from_a_private_one()
    {
        using var admin = await AdminAsync();
        var supplier = await PostAsync<SupplierResponse>(admin, "suppliers",
            new { name = $"Feed Works {Guid.NewGuid():N}"[..24], country = "DE", ordersDelivered = 100, defectiveOrders = 1, lateShipments = 2 });
        await PostAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}/documents", new { kind = "registration", number = "R-9" }, HttpStatusCode.OK);
        Assert.Equal(SupplierStatuses.Approved,
            (await PostAsync<SupplierResponse>(admin, $"suppliers/{supplier.Id}/documents", new { kind = "tax_id", number = "T-9" }, HttpStatusCode.OK)).Status);

        // The supplier's server, on this machine: the platform under test allows the host name localhost, nothing else private.
        var port = FreePorts.Next();
        var server = WebApplication.CreateSlimBuilder();
        server.WebHost.UseUrls($"http://localhost:{port}");
        await using var feeds = server.Build();
        feeds.MapGet("/offers", () => Results.Text("sku,name,cost,suggested_price\nURL-1,Linen towel,4,19\nURL-2,Linen apron,6,29\n", "text/csv"));
        feeds.MapGet("/offers.json", () => Results.Json(new[] { new { sku = "URL-3", name = "Linen napkin", cost = 1m, suggestedPrice = 6m } }));
        feeds.MapGet("/moved", () => Results.Redirect($"http://127.0.0.1:{port}/offers"));
        feeds.MapGet("/huge.csv", () => Results.Text("sku,name,cost,suggested_price\n" + new string('x', 6_000_000), "text/csv"));
        await feeds.StartAsync();

        var csv = await PostAsync<FeedImportResult>(admin, $"suppliers/{supplier.Id}/feed/url", new { url = $"http://localhost:{port}/offers" }, HttpStatusCode.OK);
        Assert.Equal((2, 2), (csv.Rows, csv.Created));
        var json = await PostAsync<FeedImportResult>(admin, $"suppliers/{supplier.Id}/feed/url", new { url = $"http://localhost:{port}/offers.json" }, HttpStatusCode.OK);
        Assert.Equal(1, json.Created);

        // An address that is not on the public internet is never connected to: given as such, reached by a redirect, or the
        // cloud's metadata service. Too large a feed and a bad address are refused too; nothing more is written.
        foreach (var url in new[] { $"http://127.0.0.1:{port}/offers", $"http://localhost:{port}/moved", "http://169.254.169.254/latest/meta-data/", $"http://[::1]:{port}/offers" })
        {
            using var refused = await admin.PostAsJsonAsync($"{Commerce}/suppliers/{supplier.Id}/feed/url", new { url, format = "csv" });
            var problem = await ProblemAsync(refused);
            Assert.Contains("is not on the public internet", Assert.Single(problem.Errors["url"]));
        }
        using (var huge = await admin.PostAsJsonAsync($"{Commerce}/suppliers/{supplier.Id}/feed/url", new { url = $"http://localhost:{port}/huge.csv" }))
        {
            Assert.Contains("larger than 5,000,000 bytes", Assert.Single((await ProblemAsync(huge)).Errors["url"]));
        }
        await AssertFieldsAsync(admin, $"suppliers/{supplier.Id}/feed/url", new { url = "ftp://example.com/feed.csv", format = "xml" }, "url", "format");
        Assert.Equal(3, (await admin.GetFromJsonAsync<List<SourcingCandidateResponse>>($"{Commerce}/sourcing/candidates?supplierId={supplier.Id}"))!.Count);

        // Marketplaces plug in as connectors with the tenant's own account; none is installed here, and none is faked.
        using var marketplace = await admin.PostAsync($"{Commerce}/suppliers/{supplier.Id}/feed/marketplace/amazon", null);
        Assert.Equal(HttpStatusCode.NotFound, marketplace.StatusCode);
        Assert.Contains("Marketplace connector amazon", await marketplace.Content.ReadAsStringAsync());
    }

    /// <summary>The request commerce raised for <paramref name="subject"/>, once the outbox has delivered it to the queue.</summary>
    private static async Task<ApprovalResponse> RequestForAsync(HttpClient admin, string type, string property, Guid subject)
    {
        ApprovalResponse? found = null;
        await WaitUntilAsync(async () =>
        {
            var page = (await admin.GetFromJsonAsync<ApprovalPage>($"{Hitl}/queue?type={type}&limit=100"))!;
            found = page.Items.FirstOrDefault(r => r.Payload.TryGetProperty(property, out var id) && id.GetString() == subject.ToString());
            return found is not null;
        }, $"the {type} request for {subject} is in the queue");
        return found!;
    }

    private async Task<string> CallbackBodyAsync(Guid tenant, Guid requestId)
    {
        await using var connection = _approvals.HubDb();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await TenantSql.SetTenantAsync(connection, transaction, tenant);
        await using var command = new NpgsqlCommand("SELECT body::text FROM approval_callbacks WHERE request_id = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = requestId });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A count straight from commercedb as the service's runtime role, under <paramref name="tenant"/>'s row-level security.</summary>
    private async Task<long> CountAsync(Guid tenant, string sql, Guid parameter)
    {
        await using var connection = new NpgsqlConnection(platform.App.GetConnectionString("commercedb"));
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await TenantSql.SetTenantAsync(connection, transaction, tenant);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<ValidationProblemDetails> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
    }

    private static async Task AssertFieldsAsync(HttpClient client, string path, object body, params string[] fields)
    {
        using var response = await client.PostAsJsonAsync($"{Commerce}/{path}", body);
        var problem = await ProblemAsync(response);
        Assert.Equal(fields.Order(), problem.Errors.Keys.Order());
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string path) => (await client.GetFromJsonAsync<T>($"{Commerce}/{path}"))!;

    private static async Task<T> PostAsync<T>(HttpClient client, string path, object? body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync($"{Commerce}/{path}", body);
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
