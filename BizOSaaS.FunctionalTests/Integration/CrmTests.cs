using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// The CRM as its users meet it, through the hub's gateway (<c>/api/brain/crm/...</c>) on the real platform:
/// leads, contacts, companies, deals, pipelines and activities, conversion, scoring, duplicates, the audit trail,
/// tenant isolation and validation.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CrmTests(PlatformFixture platform)
{
    private const string Crm = "/api/brain/crm";

    private Task<HttpClient> HubAsync(string email = "admin@coreldove.dev") => platform.Tokens.ClientAsync("hub", email);

    private static string UniqueEmail(string name, string domain = "acme-crm.example") => $"{name}-{Guid.NewGuid():N}@{domain}";

    [Fact]
    public async Task Every_entity_is_created_read_updated_and_deleted_through_the_gateway()
    {
        using var hub = await HubAsync();

        // Company
        var company = await CreateAsync(hub, "companies", new { name = "Globex", domain = $"https://www.globex-{Guid.NewGuid():N}.example/about", industry = "Manufacturing", size = 350 });
        Assert.StartsWith("globex-", company.GetProperty("domain").GetString());
        var companyId = company.GetProperty("id").GetGuid();
        var renamed = await PutAsync(hub, $"companies/{companyId}", new { name = "Globex Corporation", domain = company.GetProperty("domain").GetString(), industry = "Manufacturing", size = 400 });
        Assert.Equal("Globex Corporation", renamed.GetProperty("name").GetString());
        Assert.Equal(400, (await hub.GetFromJsonAsync<JsonElement>($"{Crm}/companies/{companyId}")).GetProperty("size").GetInt32());

        // Contact at the company
        var contact = await CreateAsync(hub, "contacts", new { name = "Hank Scorpio", email = UniqueEmail("hank"), jobTitle = "CEO", companyId });
        var contactId = contact.GetProperty("id").GetGuid();
        var contactUpdated = await PutAsync(hub, $"contacts/{contactId}", new { name = "Hank Scorpio", email = contact.GetProperty("email").GetString(), phone = "+1 555 010 2030", companyId });
        Assert.Equal("+1 555 010 2030", contactUpdated.GetProperty("phone").GetString());
        Assert.Contains((await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/contacts?companyId={companyId}"))!, c => c.GetProperty("id").GetGuid() == contactId);

        // Lead
        var lead = await CreateAsync(hub, "leads", new { name = "Lenny Lead", email = UniqueEmail("lenny"), company = "Globex", jobTitle = "Marketing Manager", source = "website", tags = new[] { "Expo", "expo", "vip" } });
        var leadId = lead.GetProperty("id").GetGuid();
        Assert.Equal("new", lead.GetProperty("status").GetString());
        Assert.Equal(["expo", "vip"], lead.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        var leadUpdated = await PutAsync(hub, $"leads/{leadId}", new { name = "Lenny Lead", email = lead.GetProperty("email").GetString(), company = "Globex", jobTitle = "VP of Marketing", source = "referral", status = "contacted" });
        Assert.Equal("contacted", leadUpdated.GetProperty("status").GetString());
        Assert.Equal("referral", (await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads/{leadId}")).GetProperty("source").GetString());

        // Pipeline and deal
        var pipelines = await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/pipelines");
        var sales = pipelines!.Single(p => p.GetProperty("isDefault").GetBoolean());
        var stages = sales.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["open", "open", "open", "open", "won", "lost"], stages.Select(s => s.GetProperty("kind").GetString()!).ToArray());
        var deal = await CreateAsync(hub, "deals", new { name = "Globex rollout", amount = 25_000.50m, currency = "eur", companyId, contactId, leadId });
        var dealId = deal.GetProperty("id").GetGuid();
        Assert.Equal("EUR", deal.GetProperty("currency").GetString());
        Assert.Equal(stages[0].GetProperty("id").GetGuid(), deal.GetProperty("stageId").GetGuid());
        Assert.Equal(10, deal.GetProperty("probability").GetInt32());
        var won = await PutAsync(hub, $"deals/{dealId}", new { name = "Globex rollout", amount = 27_000m, currency = "EUR", stageId = stages[4].GetProperty("id").GetGuid(), closeReason = "Best fit", companyId, contactId, leadId });
        Assert.Equal("won", won.GetProperty("stageKind").GetString());
        Assert.Equal(100, won.GetProperty("probability").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, won.GetProperty("closedAt").ValueKind);
        var board = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/pipelines/{sales.GetProperty("id").GetGuid()}/summary");
        Assert.True(board.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "won").GetProperty("deals").GetInt64() >= 1);

        // A custom pipeline, changed and removed by a tenant admin
        var pipeline = await CreateAsync(hub, "pipelines", new { name = $"Partners {Guid.NewGuid():N}", stages = new object[] { new { name = "Talk", kind = "open" }, new { name = "Signed", kind = "won" }, new { name = "Dropped", kind = "lost" } } });
        var pipelineId = pipeline.GetProperty("id").GetGuid();
        var changed = await PutAsync(hub, $"pipelines/{pipelineId}", new { name = pipeline.GetProperty("name").GetString(), stages = new object[] { new { name = "Talk", kind = "open" }, new { name = "Pilot", kind = "open", probability = 60 }, new { name = "Signed", kind = "won" }, new { name = "Dropped", kind = "lost" } } });
        Assert.Equal(["Talk", "Pilot", "Signed", "Dropped"], changed.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray());

        // Activities on each kind of record, with a task done later
        var task = await CreateAsync(hub, "activities", new { kind = "task", subject = "Send the contract", dueAt = DateTimeOffset.UtcNow.AddDays(2), dealId });
        Assert.False(task.GetProperty("done").GetBoolean());
        var taskId = task.GetProperty("id").GetGuid();
        Assert.Contains((await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/activities?dealId={dealId}&openTasks=true"))!, a => a.GetProperty("id").GetGuid() == taskId);
        var done = await PutAsync(hub, $"activities/{taskId}", new { kind = "task", subject = "Send the contract", dueAt = DateTimeOffset.UtcNow.AddDays(2), done = true });
        Assert.True(done.GetProperty("done").GetBoolean());
        await CreateAsync(hub, "activities", new { kind = "note", subject = "Met at the expo", contactId });
        await CreateAsync(hub, "activities", new { kind = "email", subject = "Sent the brochure", companyId });
        var note = await CreateAsync(hub, "activities", new { kind = "note", subject = "Prefers email", leadId });

        // Lead sources, kept by the tenant admin
        var source = await CreateAsync(hub, "lead-sources", new { key = $"expo_{Guid.NewGuid():N}"[..20], label = "Trade expo" });

        // Deletes, each one gone afterwards
        foreach (var (path, id) in new[] { ("activities", note.GetProperty("id").GetGuid()), ("deals", dealId), ("leads", leadId), ("contacts", contactId), ("companies", companyId), ("pipelines", pipelineId), ("lead-sources", source.GetProperty("id").GetGuid()) })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await hub.DeleteAsync($"{Crm}/{path}/{id}")).StatusCode);
            if (path != "lead-sources")
            {
                Assert.Equal(HttpStatusCode.NotFound, (await hub.GetAsync($"{Crm}/{path}/{id}")).StatusCode);
            }
        }
        // The deal's and the lead's audit trails outlive them.
        var dealHistory = await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/deals/{dealId}/history");
        Assert.Equal(["deleted", "stage_changed", "created"], dealHistory!.Select(c => c.GetProperty("action").GetString()!).ToArray());
        Assert.Equal("deleted", (await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/leads/{leadId}/history"))![0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task Every_change_to_a_lead_is_in_its_audit_trail_with_who_and_what_changed()
    {
        using var hub = await HubAsync();
        var lead = await CreateAsync(hub, "leads", new { name = "Audrey Audit", email = UniqueEmail("audrey"), company = "Trail Co" });
        var id = lead.GetProperty("id").GetGuid();
        await PutAsync(hub, $"leads/{id}", new { name = "Audrey Audit", email = lead.GetProperty("email").GetString(), company = "Trail Company", jobTitle = "CFO" });
        // The same values again change nothing and write nothing.
        await PutAsync(hub, $"leads/{id}", new { name = "Audrey Audit", email = lead.GetProperty("email").GetString(), company = "Trail Company", jobTitle = "CFO" });

        var history = (await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/leads/{id}/history"))!;
        Assert.Equal(["updated", "created"], history.Select(c => c.GetProperty("action").GetString()!).ToArray());
        var update = history[0];
        Assert.Equal("CorelDove Admin", update.GetProperty("actorName").GetString());
        Assert.NotEqual(JsonValueKind.Null, update.GetProperty("actorId").ValueKind);
        var changes = update.GetProperty("changes");
        Assert.Equal("Trail Co", changes.GetProperty("company").GetProperty("from").GetString());
        Assert.Equal("Trail Company", changes.GetProperty("company").GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, changes.GetProperty("jobTitle").GetProperty("from").ValueKind);
        Assert.Equal("CFO", changes.GetProperty("jobTitle").GetProperty("to").GetString());
        Assert.False(changes.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Converting_a_lead_creates_or_links_its_contact_company_and_deal_and_keeps_the_links()
    {
        using var hub = await HubAsync();
        var domain = $"initech-{Guid.NewGuid():N}.example";
        var existingCompany = await CreateAsync(hub, "companies", new { name = "Initech", domain });

        var lead = await CreateAsync(hub, "leads", new { name = "Peter Gibbons", email = $"peter@{domain}", company = "Initech Inc", jobTitle = "Engineer" });
        var id = lead.GetProperty("id").GetGuid();
        using var response = await hub.PostAsJsonAsync($"{Crm}/leads/{id}/convert", new { dealName = "TPS reports", amount = 9_900m, currency = "USD" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conversion = await response.Content.ReadFromJsonAsync<JsonElement>();

        // The company was found by the email's domain, the contact made from the lead, the deal created for both.
        Assert.Equal(existingCompany.GetProperty("id").GetGuid(), conversion.GetProperty("companyId").GetGuid());
        Assert.False(conversion.GetProperty("companyCreated").GetBoolean());
        Assert.True(conversion.GetProperty("contactCreated").GetBoolean());
        var converted = conversion.GetProperty("lead");
        Assert.Equal("converted", converted.GetProperty("status").GetString());
        var contact = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/contacts/{conversion.GetProperty("contactId").GetGuid()}");
        Assert.Equal(id, contact.GetProperty("leadId").GetGuid());
        Assert.Equal(existingCompany.GetProperty("id").GetGuid(), contact.GetProperty("companyId").GetGuid());
        var deal = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/deals/{conversion.GetProperty("dealId").GetGuid()}");
        Assert.Equal("TPS reports", deal.GetProperty("name").GetString());
        Assert.Equal(9_900m, deal.GetProperty("amount").GetDecimal());
        Assert.Equal(id, deal.GetProperty("leadId").GetGuid());
        Assert.Equal(contact.GetProperty("id").GetGuid(), deal.GetProperty("contactId").GetGuid());
        var stored = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads/{id}");
        Assert.Equal(deal.GetProperty("id").GetGuid(), stored.GetProperty("dealId").GetGuid());
        Assert.Equal("converted", (await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/leads/{id}/history"))![0].GetProperty("action").GetString());

        // Twice is refused, and a lead at a new company with a second address gets the existing contact's company made anew.
        Assert.Equal(HttpStatusCode.Conflict, (await hub.PostAsJsonAsync($"{Crm}/leads/{id}/convert", new { })).StatusCode);
        var other = await CreateAsync(hub, "leads", new { name = "Milton Waddams", email = UniqueEmail("milton", "gmail.com"), company = $"Basement {Guid.NewGuid():N}" });
        var second = await (await hub.PostAsJsonAsync($"{Crm}/leads/{other.GetProperty("id").GetGuid()}/convert", new { createDeal = false })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(second.GetProperty("companyCreated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("dealId").ValueKind);
        var madeCompany = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/companies/{second.GetProperty("companyId").GetGuid()}");
        // A free-mail address says nothing about the company's domain.
        Assert.Equal(JsonValueKind.Null, madeCompany.GetProperty("domain").ValueKind);
    }

    [Fact]
    public async Task Logging_activities_rescores_the_lead_and_its_factors_explain_the_score()
    {
        using var hub = await HubAsync();
        var lead = await CreateAsync(hub, "leads", new { name = "Sam Score", email = UniqueEmail("sam", "scoring-co.example"), jobTitle = "Head of Sales", industry = "Retail", companySize = 120 });
        var id = lead.GetProperty("id").GetGuid();
        // Fit: size 51-200 → 0.7 × 30, a target industry → 20, director-level → 0.8 × 30, business domain → 20 (of 100); engagement none.
        Assert.Equal(85, lead.GetProperty("fitScore").GetInt32());
        Assert.Equal(0, lead.GetProperty("engagementScore").GetInt32());
        Assert.Equal(51, lead.GetProperty("score").GetInt32());
        Assert.Equal("warm", lead.GetProperty("rating").GetString());
        AssertFactorsAddUp(lead);

        await CreateAsync(hub, "activities", new { kind = "meeting", subject = "Discovery meeting", leadId = id });
        var afterMeeting = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads/{id}");
        Assert.Equal(25, afterMeeting.GetProperty("engagementScore").GetInt32());
        Assert.Equal(61, afterMeeting.GetProperty("score").GetInt32());
        Assert.Equal("contacted", afterMeeting.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, afterMeeting.GetProperty("lastContactedAt").ValueKind);
        Assert.Contains(afterMeeting.GetProperty("scoreFactors").EnumerateArray(), f => f.GetProperty("key").GetString() == "activity_meeting");
        AssertFactorsAddUp(afterMeeting);

        // A call from sixty days ago counts a quarter of its 12 points (two half-lives of 30 days).
        await CreateAsync(hub, "activities", new { kind = "call", subject = "Old call", occurredAt = DateTimeOffset.UtcNow.AddDays(-60), leadId = id });
        var afterOldCall = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads/{id}");
        Assert.Equal(28, afterOldCall.GetProperty("engagementScore").GetInt32());
        Assert.Equal(62, afterOldCall.GetProperty("score").GetInt32());
        var history = await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/leads/{id}/history");
        Assert.Contains(history!, c => c.GetProperty("action").GetString() == "activity_logged" && c.GetProperty("summary").GetString()!.Contains("51 → 61"));
    }

    [Fact]
    public async Task Tenant_admins_change_the_scoring_weights_and_every_lead_is_rescored_members_cannot()
    {
        using var admin = await HubAsync("admin@thrillring.dev");
        using var member = await HubAsync("multi@bizosaas.dev");
        var lead = await CreateAsync(admin, "leads", new { name = "Wendy Weights", email = UniqueEmail("wendy", "weights.example"), jobTitle = "Analyst" });
        var before = lead.GetProperty("score").GetInt32();
        var settings = await admin.GetFromJsonAsync<JsonElement>($"{Crm}/scoring/settings");
        var changed = new
        {
            companySizeWeight = 0,
            industryWeight = 0,
            seniorityWeight = 0,
            emailDomainWeight = 100,
            fitShare = 0.99,
            targetIndustries = new[] { "gaming" },
            notePoints = 2,
            emailPoints = 6,
            callPoints = 12,
            meetingPoints = 25,
            taskPoints = 5,
            halfLifeDays = 30.0,
            hotThreshold = 70,
            warmThreshold = 40,
            highValueThreshold = 100,
        };

        Assert.Equal(HttpStatusCode.Forbidden, (await member.PutAsJsonAsync($"{Crm}/scoring/settings", changed)).StatusCode);
        using var accepted = await admin.PutAsJsonAsync($"{Crm}/scoring/settings", changed);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        try
        {
            // Only the email domain counts now: a business address scores 99 of 100 (the rest would be engagement),
            // just below the high-value threshold, so no lead asks for qualification.
            await Eventually.HoldsAsync(async () => (await admin.GetFromJsonAsync<JsonElement>($"{Crm}/leads/{lead.GetProperty("id").GetGuid()}")).GetProperty("score").GetInt32() == 99,
                "the lead is rescored with the new weights");
            Assert.NotEqual(99, before);
            var bad = await admin.PutAsJsonAsync($"{Crm}/scoring/settings", new { companySizeWeight = 50, industryWeight = 50, seniorityWeight = 50, emailDomainWeight = 50, fitShare = 2.0, halfLifeDays = 0, hotThreshold = 30, warmThreshold = 40, highValueThreshold = 80 });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            foreach (var field in new[] { "companySizeWeight", "fitShare", "halfLifeDays", "warmThreshold" })
            {
                Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
            }
        }
        finally
        {
            (await admin.PutAsJsonAsync($"{Crm}/scoring/settings", JsonSerializer.Deserialize<JsonElement>(settings.GetRawText()))).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Emails_are_unique_per_tenant_whatever_their_case_and_likely_duplicates_are_found_and_merged()
    {
        using var hub = await HubAsync();
        var local = $"jane.doe{Guid.NewGuid():N}"[..24];
        var first = await CreateAsync(hub, "leads", new { name = "Jane Doe", email = $"{local}@gmail.com", phone = "+1 (555) 201-3344", company = "Doe & Co" });
        var firstId = first.GetProperty("id").GetGuid();
        // The same address in another case is the same lead.
        using var same = await hub.PostAsJsonAsync($"{Crm}/leads", new { name = "Jane D", email = $"{local.ToUpperInvariant()}@GMAIL.com" });
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        Assert.Contains(firstId.ToString(), (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // Likely duplicates: the same Gmail mailbox written differently, the same phone, the same name at the same company.
        var mailbox = await CreateAsync(hub, "leads", new { name = "J. Doe", email = $"{local.Replace(".", "")}+crm@gmail.com" });
        var phone = await CreateAsync(hub, "leads", new { name = "Janet Doe", email = UniqueEmail("janet"), phone = "555.201.3344" });
        var named = await CreateAsync(hub, "leads", new { name = "jane  DOE", email = UniqueEmail("jd"), company = "Doe & Co." });
        var groups = (await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/leads/{firstId}/duplicates"))!;
        Assert.Equal(["email", "phone", "name_company"], groups.Select(g => g.GetProperty("reason").GetString()!).ToArray());
        Assert.Contains(groups[0].GetProperty("leads").EnumerateArray(), l => l.GetProperty("id").GetGuid() == mailbox.GetProperty("id").GetGuid());
        Assert.Contains(groups[1].GetProperty("leads").EnumerateArray(), l => l.GetProperty("id").GetGuid() == phone.GetProperty("id").GetGuid());
        Assert.Contains(groups[2].GetProperty("leads").EnumerateArray(), l => l.GetProperty("id").GetGuid() == named.GetProperty("id").GetGuid());
        var all = await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/leads/duplicates?limit=200");
        Assert.Contains(all!, g => g.GetProperty("leads").EnumerateArray().Any(l => l.GetProperty("id").GetGuid() == firstId));

        // Merging keeps the activities and deals of both, fills what the lead lacked, and removes the duplicate.
        var duplicateId = phone.GetProperty("id").GetGuid();
        await CreateAsync(hub, "activities", new { kind = "call", subject = "Called Janet", leadId = duplicateId });
        await CreateAsync(hub, "activities", new { kind = "note", subject = "Jane's note", leadId = firstId });
        var deal = await CreateAsync(hub, "deals", new { name = "Janet's deal", amount = 100m, currency = "USD", leadId = duplicateId });
        using var merge = await hub.PostAsJsonAsync($"{Crm}/leads/{firstId}/merge", new { duplicateId });
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.GetAsync($"{Crm}/leads/{duplicateId}")).StatusCode);
        var activities = await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/activities?leadId={firstId}");
        Assert.Equal(["Called Janet", "Jane's note"], activities!.Select(a => a.GetProperty("subject").GetString()!).Order().ToArray());
        Assert.Equal(firstId, (await hub.GetFromJsonAsync<JsonElement>($"{Crm}/deals/{deal.GetProperty("id").GetGuid()}")).GetProperty("leadId").GetGuid());
        var mergedHistory = await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/leads/{firstId}/history");
        Assert.Equal("merged", mergedHistory![0].GetProperty("action").GetString());
        Assert.Equal(duplicateId, mergedHistory[0].GetProperty("changes").GetProperty("duplicateId").GetGuid());
        Assert.Equal("merged_into", (await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/leads/{duplicateId}/history"))![0].GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.PostAsJsonAsync($"{Crm}/leads/{firstId}/merge", new { duplicateId = firstId })).StatusCode);
    }

    [Fact]
    public async Task Lists_search_filter_sort_and_page_by_keyset_over_every_matching_lead_once()
    {
        using var hub = await HubAsync();
        var tag = $"page{Guid.NewGuid():N}"[..16];
        var created = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var lead = await CreateAsync(hub, "leads", new { name = $"Pager {i}", email = UniqueEmail($"pager{i}", "pagers.example"), company = $"Keyset {tag}", jobTitle = i % 2 == 0 ? "CEO" : "Analyst", source = "event", tags = new[] { tag } });
            created.Add(lead.GetProperty("id").GetGuid());
        }

        foreach (var sort in new[] { "created", "score", "name" })
        {
            var seen = new List<JsonElement>();
            string? cursor = null;
            do
            {
                var page = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads?tag={tag}&sort={sort}&limit=3&withTotal=true" + (cursor is null ? "" : $"&cursor={cursor}"));
                Assert.Equal(7, page.GetProperty("total").GetInt64());
                seen.AddRange(page.GetProperty("items").EnumerateArray());
                cursor = page.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null);
            Assert.Equal(created.Order(), seen.Select(l => l.GetProperty("id").GetGuid()).Order());
            var keys = seen.Select(l => sort switch { "score" => l.GetProperty("score").GetInt32().ToString("D3"), "name" => l.GetProperty("name").GetString()!, _ => l.GetProperty("createdAt").GetDateTimeOffset().UtcTicks.ToString("D20") }).ToList();
            Assert.Equal(sort == "name" ? keys.Order(StringComparer.Ordinal) : keys.OrderDescending(StringComparer.Ordinal), keys);
        }

        var search = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads?q=KEYSET%20{tag.ToUpperInvariant()}&withTotal=true");
        Assert.Equal(7, search.GetProperty("total").GetInt64());
        // Executives score 30 (seniority 30 and a business domain 20, of fit 100, times 0.6), analysts 15.
        var executives = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads?tag={tag}&minScore=25&withTotal=true");
        var analysts = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads?tag={tag}&maxScore=24&withTotal=true");
        Assert.Equal(7, executives.GetProperty("total").GetInt64() + analysts.GetProperty("total").GetInt64());
        Assert.Equal(4, executives.GetProperty("total").GetInt64());
        Assert.Equal(7, (await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads?tag={tag}&status=new,contacted&source=event&withTotal=true")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads?tag={tag}&status=qualified&withTotal=true")).GetProperty("total").GetInt64());
        // The earlier platform's path lists the same leads.
        Assert.Equal(7, (await hub.GetFromJsonAsync<JsonElement>($"/api/brain/django-crm/leads?tag={tag}&withTotal=true")).GetProperty("total").GetInt64());

        var stats = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads/stats");
        Assert.Equal(30, stats.GetProperty("newPerDay").GetArrayLength());
        Assert.Equal(10, stats.GetProperty("scoreDistribution").GetArrayLength());
        Assert.Equal(stats.GetProperty("total").GetInt64(), stats.GetProperty("byStatus").EnumerateObject().Sum(s => s.Value.GetInt64()));
        Assert.Equal(stats.GetProperty("total").GetInt64(), stats.GetProperty("scoreDistribution").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task Another_tenants_records_are_not_found_on_every_endpoint()
    {
        using var owner = await HubAsync();
        using var stranger = await HubAsync("admin@bizoholic.dev");
        var company = (await CreateAsync(owner, "companies", new { name = "Private Co" })).GetProperty("id").GetGuid();
        var contact = (await CreateAsync(owner, "contacts", new { name = "Private Person", companyId = company })).GetProperty("id").GetGuid();
        var lead = (await CreateAsync(owner, "leads", new { name = "Private Lead", email = UniqueEmail("private") })).GetProperty("id").GetGuid();
        var deal = (await CreateAsync(owner, "deals", new { name = "Private Deal", leadId = lead })).GetProperty("id").GetGuid();
        var activity = (await CreateAsync(owner, "activities", new { kind = "note", subject = "Private note", leadId = lead })).GetProperty("id").GetGuid();
        var pipeline = (await owner.GetFromJsonAsync<List<JsonElement>>($"{Crm}/pipelines"))![0].GetProperty("id").GetGuid();
        var strangerLead = (await CreateAsync(stranger, "leads", new { name = "Stranger Lead", email = UniqueEmail("stranger") })).GetProperty("id").GetGuid();

        var probes = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"leads/{lead}", null), (HttpMethod.Put, $"leads/{lead}", new { name = "X", email = UniqueEmail("x") }), (HttpMethod.Delete, $"leads/{lead}", null),
            (HttpMethod.Get, $"leads/{lead}/history", null), (HttpMethod.Get, $"leads/{lead}/duplicates", null), (HttpMethod.Post, $"leads/{lead}/convert", new { }),
            (HttpMethod.Post, $"leads/{lead}/rescore", null), (HttpMethod.Post, $"leads/{lead}/merge", new { duplicateId = strangerLead }),
            (HttpMethod.Get, $"contacts/{contact}", null), (HttpMethod.Put, $"contacts/{contact}", new { name = "X" }), (HttpMethod.Delete, $"contacts/{contact}", null),
            (HttpMethod.Get, $"companies/{company}", null), (HttpMethod.Put, $"companies/{company}", new { name = "X" }), (HttpMethod.Delete, $"companies/{company}", null),
            (HttpMethod.Get, $"deals/{deal}", null), (HttpMethod.Put, $"deals/{deal}", new { name = "X" }), (HttpMethod.Delete, $"deals/{deal}", null), (HttpMethod.Get, $"deals/{deal}/history", null),
            (HttpMethod.Get, $"activities/{activity}", null), (HttpMethod.Put, $"activities/{activity}", new { kind = "note", subject = "X" }), (HttpMethod.Delete, $"activities/{activity}", null),
            (HttpMethod.Get, $"pipelines/{pipeline}", null), (HttpMethod.Get, $"pipelines/{pipeline}/summary", null), (HttpMethod.Delete, $"pipelines/{pipeline}", null),
        };
        foreach (var (method, path, body) in probes)
        {
            using var request = new HttpRequestMessage(method, $"{Crm}/{path}") { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await stranger.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        // Nor can another tenant's record be used as a link.
        using var linked = await stranger.PostAsJsonAsync($"{Crm}/activities", new { kind = "note", subject = "Sneaky", leadId = lead });
        Assert.Equal(HttpStatusCode.BadRequest, linked.StatusCode);
        using var linkedDeal = await stranger.PostAsJsonAsync($"{Crm}/deals", new { name = "Sneaky", companyId = company, contactId = contact });
        Assert.Equal(HttpStatusCode.BadRequest, linkedDeal.StatusCode);

        // Everything of the owner is still there and unchanged.
        Assert.Equal("Private Lead", (await owner.GetFromJsonAsync<JsonElement>($"{Crm}/leads/{lead}")).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Crm}/deals/{deal}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Crm}/activities/{activity}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Crm}/contacts/{contact}")).StatusCode);
    }

    [Fact]
    public async Task Invalid_input_is_400_with_field_errors_and_writes_nothing()
    {
        using var hub = await HubAsync("admin@bizoholic.dev");
        var before = (await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads/count")).GetProperty("count").GetInt64();
        var cases = new (string Path, object Body, string[] Fields)[]
        {
            ("leads", new { name = "", email = "not-an-email", phone = "call me", companySize = -3, status = "converted", source = "carrier-pigeon", tags = Enumerable.Range(0, 25).Select(i => $"t{i}").ToArray() },
                ["name", "email", "phone", "companySize", "status", "source", "tags"]),
            ("leads", new { name = new string('x', 201), email = UniqueEmail("long"), ownerId = Guid.NewGuid() }, ["name", "ownerId"]),
            ("companies", new { name = " ", domain = "not a domain", size = 0 }, ["name", "domain", "size"]),
            ("contacts", new { name = "Ok", email = "bad@", companyId = Guid.NewGuid() }, ["email", "companyId"]),
            ("deals", new { name = "", amount = -5m, currency = "XXQ", probability = 140, stageId = Guid.NewGuid() }, ["name", "amount", "currency", "stageId"]),
            ("activities", new { kind = "telegram", subject = "", leadId = Guid.NewGuid(), dealId = Guid.NewGuid() }, ["kind", "subject", "leadId"]),
            ("activities", new { kind = "call", subject = "Future call", occurredAt = DateTimeOffset.UtcNow.AddDays(3), dueAt = DateTimeOffset.UtcNow, companyId = Guid.NewGuid() }, ["occurredAt", "dueAt", "companyId"]),
            ("lead-sources", new { key = "Bad Key!", label = "" }, ["key", "label"]),
            ("pipelines", new { name = "No open stage", stages = new object[] { new { name = "Won", kind = "won" }, new { name = "won", kind = "closed" } } }, ["stages", "stages[1].kind"]),
        };
        foreach (var (path, body, fields) in cases)
        {
            using var response = await hub.PostAsJsonAsync($"{Crm}/{path}", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            foreach (var field in fields)
            {
                Assert.True(errors.TryGetProperty(field, out _), $"POST {path}: no error for {field} in {errors}");
            }
        }
        foreach (var query in new[] { "sort=colour", "limit=0", "limit=501", "status=maybe", "rating=lukewarm", "minScore=101", "cursor=bm90LWEtY3Vyc29y" })
        {
            using var response = await hub.GetAsync($"{Crm}/leads?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET leads?{query}: {(int)response.StatusCode}");
        }
        // A lost deal needs its reason; a lead's status cannot be set to converted by hand.
        var lost = (await hub.GetFromJsonAsync<List<JsonElement>>($"{Crm}/pipelines"))![0].GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "lost");
        using var noReason = await hub.PostAsJsonAsync($"{Crm}/deals", new { name = "Lost cause", stageId = lost.GetProperty("id").GetGuid() });
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("closeReason", out _));
        Assert.Equal(before, (await hub.GetFromJsonAsync<JsonElement>($"{Crm}/leads/count")).GetProperty("count").GetInt64());
    }

    private static async Task<JsonElement> CreateAsync(HttpClient hub, string path, object body)
    {
        using var response = await hub.PostAsJsonAsync($"{Crm}/{path}", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> PutAsync(HttpClient hub, string path, object body)
    {
        using var response = await hub.PutAsJsonAsync($"{Crm}/{path}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void AssertFactorsAddUp(JsonElement lead)
    {
        var sum = lead.GetProperty("scoreFactors").EnumerateArray().Sum(f => f.GetProperty("points").GetDouble());
        Assert.InRange(sum, lead.GetProperty("score").GetInt32() - 0.6, lead.GetProperty("score").GetInt32() + 0.6);
    }
}
