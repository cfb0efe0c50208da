using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>CSV import and export of leads through the gateway: bad rows reported by row, field and reason with
/// nothing of them written, good rows in, re-importing changes nothing, and an export imports back as it was.</summary>
[Collection(PlatformCollection.Name)]
public sealed class LeadCsvTests(PlatformFixture platform)
{
    private const string Crm = "/api/brain/crm";

    [Fact]
    public async Task A_file_mixing_good_and_malformed_rows_imports_the_good_ones_reports_the_others_and_a_second_import_changes_nothing()
    {
        using var hub = await platform.Tokens.ClientAsync("hub", "admin@thrillring.dev");
        var u = Guid.NewGuid().ToString("N")[..10];
        var bystander = await (await hub.PostAsJsonAsync($"{Crm}/leads", new { name = "Bystander", email = $"bystander-{u}@imports.example" })).Content.ReadFromJsonAsync<LeadResponse>();
        var countBefore = await CountAsync(hub);
        var csv = $"""
            Full Name,E-mail,Phone,Company,Title,Employees,Source,Tags
            Ada Import,ada-{u}@imports.example,+1 555 0100,Imports Ltd,CTO,250,website,csv{u};wave1
            Bad Email,not-an-email,,,,,,
            ,noname-{u}@imports.example,,,,,,
            Size Wrong,size-{u}@imports.example,,,,many,,
            "Quote "Broken,quote-{u}@imports.example,,,,,,
            Wrong Source,src-{u}@imports.example,,,,,carrier-pigeon,
            Too,Many,Fields,x,y,z,w,v,u
            Grace Import,grace-{u}@imports.example,,Imports Ltd,Engineer,,event,csv{u}
            """;

        var first = await ImportAsync(hub, csv, "map=name:Full%20Name", "map=email:E-mail");
        Assert.Equal(8, first.Rows);
        Assert.Equal(2, first.Created);
        Assert.Equal(6, first.Failed);
        var errors = first.Errors.Select(e => (e.Row, e.Field)).ToList();
        Assert.Equal([(3, "email"), (4, "name"), (5, "companySize"), (6, "(row)"), (7, "source"), (8, "(row)")], errors);
        Assert.Equal("Title", first.Columns["jobTitle"]);
        Assert.Equal(countBefore + 2, await CountAsync(hub));

        var ada = await FindAsync(hub, $"ada-{u}");
        Assert.Equal("CTO", ada.JobTitle);
        Assert.Equal(250, ada.CompanySize);
        Assert.Equal([$"csv{u}", "wave1"], ada.Tags.ToArray());
        Assert.True(ada.Score > 0);
        // Nothing else changed: the lead that was there before is as it was.
        var bystanderAfter = await hub.GetFromJsonAsync<LeadResponse>($"{Crm}/leads/{bystander!.Id}");
        Assert.Equal(bystander.UpdatedAt, bystanderAfter!.UpdatedAt);

        // The same file again: every good row is already there as it is.
        var second = await ImportAsync(hub, csv, "map=name:Full%20Name", "map=email:E-mail");
        Assert.Equal((0, 0, 2, 6), (second.Created, second.Updated, second.Unchanged, second.Failed));
        Assert.Equal(countBefore + 2, await CountAsync(hub));
        Assert.Single(await hub.GetFromJsonAsync<List<RecordChangeResponse>>($"{Crm}/leads/{ada.Id}/history") ?? []);

        // A changed cell updates that lead only, and its trail says what changed.
        var third = await ImportAsync(hub, csv.Replace("Imports Ltd,CTO", "Imports Ltd,CEO"), "map=name:Full%20Name", "map=email:E-mail");
        Assert.Equal((0, 1, 1), (third.Created, third.Updated, third.Unchanged));
        var trail = await hub.GetFromJsonAsync<List<RecordChangeResponse>>($"{Crm}/leads/{ada.Id}/history");
        // What changed has no record of its own: a JSON object of field → from and to.
        Assert.NotNull(trail![0].Changes);
        Assert.Equal("CEO", trail[0].Changes!.Value.GetProperty("jobTitle").GetProperty("to").GetString());
    }

    [Fact]
    public async Task Thousands_of_rows_go_in_batches_and_a_bad_row_in_one_batch_keeps_the_rest_of_it()
    {
        using var hub = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        var u = Guid.NewGuid().ToString("N")[..10];
        var builder = new StringBuilder("name,email,company,job_title\n");
        for (var i = 0; i < 2_500; i++)
        {
            builder.Append(i == 1_500 ? $"Broken {i},broken-{u}@,Bulk {u},Analyst\n" : $"Bulk Lead {i},bulk{i}-{u}@bulk.example,Bulk {u},Analyst\n");
        }
        var before = await CountAsync(hub);
        var report = await ImportAsync(hub, builder.ToString());
        Assert.Equal(2_499, report.Created);
        Assert.Equal(1_502, report.Errors[0].Row);
        Assert.Equal(before + 2_499, await CountAsync(hub));
        Assert.Equal(2_499, (await hub.GetFromJsonAsync<LeadPage>($"{Crm}/leads?q=bulk%20{u}&withTotal=true&limit=1"))!.Total);
    }

    [Fact]
    public async Task An_export_imports_back_unchanged_and_into_another_tenant_as_the_same_leads()
    {
        using var source = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        using var target = await platform.Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        var u = Guid.NewGuid().ToString("N")[..10];
        await ImportAsync(source, $"""
            name,email,phone,company,job_title,industry,company_size,source,status,tags
            Round Trip,"trip-{u}@roundtrip.example",+44 20 7946 0000,"Trips, Inc.",Head of Growth,Travel,40,referral,contacted,rt{u};vip
            =Formula Person,formula-{u}@roundtrip.example,,@cmd,,,,,,rt{u}
            """);

        using var export = await source.GetAsync($"{Crm}/leads/export?tag=rt{u}&sort=name");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", export.Content.Headers.ContentDisposition?.ToString());
        var exported = await export.Content.ReadAsStringAsync();
        var lines = exported.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("name,email,phone,company,job_title,industry,company_size,source,status,tags,rating,score,owner,created_at,id", lines[0]);
        // Cells a spreadsheet would run as formulas are written as text.
        Assert.StartsWith("\"'=Formula Person\"", lines[1]);

        var back = await ImportAsync(source, exported);
        Assert.Equal((0, 0, 2), (back.Created, back.Updated, back.Unchanged));
        var moved = await ImportAsync(target, exported);
        Assert.Equal(2, moved.Created);
        Assert.Contains("rating", moved.IgnoredColumns);

        var original = await FindAsync(source, $"trip-{u}");
        var copy = await FindAsync(target, $"trip-{u}");
        static object?[] Imported(LeadResponse lead) =>
            [lead.Name, lead.Email, lead.Phone, lead.Company, lead.JobTitle, lead.Industry, lead.CompanySize, lead.Source, lead.Status, lead.Tags, lead.Score];
        Assert.Equal(Imported(original), Imported(copy));
        Assert.Equal("=Formula Person", (await FindAsync(target, $"formula-{u}")).Name);
        Assert.Equal("@cmd", (await FindAsync(target, $"formula-{u}")).Company);
    }

    [Fact]
    public async Task A_file_that_cannot_be_imported_at_all_is_refused_before_any_row_is_read()
    {
        using var hub = await platform.Tokens.ClientAsync("hub", "admin@thrillring.dev");
        var before = await CountAsync(hub);
        using var wrongType = await hub.PostAsync($"{Crm}/leads/import", new StringContent("name,email\nA,a@b.example\n", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        foreach (var (body, query) in new[] { ("name,phone\nA,123\n", ""), ("", ""), ("name,email\nA,a@b.example\n", "?map=email:Mail"), ("name,email\nA,a@b.example\n", "?map=colour:name") })
        {
            using var response = await hub.PostAsync($"{Crm}/leads/import{query}", new StringContent(body, Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await CountAsync(hub));
    }

    private static async Task<ImportReport> ImportAsync(HttpClient hub, string csv, params string[] query)
    {
        using var response = await hub.PostAsync($"{Crm}/leads/import" + (query.Length == 0 ? "" : "?" + string.Join('&', query)),
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, $"import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ImportReport>())!;
    }

    private static async Task<long> CountAsync(HttpClient hub) =>
        (await hub.GetFromJsonAsync<LeadCount>($"{Crm}/leads/count"))!.Count;

    private static async Task<LeadResponse> FindAsync(HttpClient hub, string emailPart)
    {
        var page = await hub.GetFromJsonAsync<LeadPage>($"{Crm}/leads?q={Uri.EscapeDataString(emailPart)}");
        return page!.Items.Single();
    }
}
