using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

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
        var company = await CreateAsync<CompanyResponse>(hub, "companies", new { name = "Globex", domain = $"https://www.globex-{Guid.NewGuid():N}.example/about", industry = "Manufacturing", size = 350 });
        Assert.StartsWith("globex-", company.Domain);
        var companyId = company.Id;
        var renamed = await PutAsync<CompanyResponse>(hub, $"companies/{companyId}", new { name = "Globex Corporation", domain = company.Domain, industry = "Manufacturing", size = 400 });
        Assert.Equal("Globex Corporation", renamed.Name);
        Assert.Equal(400, (await hub.GetFromJsonAsync<CompanyResponse>($"{Crm}/companies/{companyId}"))!.Size);

        // Contact at the company
        var contact = await CreateAsync<ContactResponse>(hub, "contacts", new { name = "Hank Scorpio", email = UniqueEmail("hank"), jobTitle = "CEO", companyId });
        var contactId = contact.Id;
        var contactUpdated = await PutAsync<ContactResponse>(hub, $"contacts/{contactId}", new { name = "Hank Scorpio", email = contact.Email, phone = "+1 555 010 2030", companyId });
        Assert.Equal("+1 555 010 2030", contactUpdated.Phone);
        Assert.Contains((await hub.GetFromJsonAsync<List<ContactResponse>>($"{Crm}/contacts?companyId={companyId}"))!, c => c.Id == contactId);

        // Lead
        var lead = await CreateAsync<LeadResponse>(hub, "leads", new { name = "Lenny Lead", email = UniqueEmail("lenny"), company = "Globex", jobTitle = "Marketing Manager", source = "website", tags = new[] { "Expo", "expo", "vip" } });
        var leadId = lead.Id;
        Assert.Equal("new", lead.Status);
        Assert.Equal(["expo", "vip"], lead.Tags.ToArray());
        var leadUpdated = await PutAsync<LeadResponse>(hub, $"leads/{leadId}", new { name = "Lenny Lead", email = lead.Email, company = "Globex", jobTitle = "VP of Marketing", source = "referral", status = "contacted" });
        Assert.Equal("contacted", leadUpdated.Status);
        Assert.Equal("referral", (await hub.GetFromJsonAsync<LeadResponse>($"{Crm}/leads/{leadId}"))!.Source);

        // Pipeline and deal
        var pipelines = await hub.GetFromJsonAsync<List<PipelineResponse>>($"{Crm}/pipelines");
        var sales = pipelines!.Single(p => p.IsDefault);
        var stages = sales.Stages;
        Assert.Equal(["open", "open", "open", "open", "won", "lost"], stages.Select(s => s.Kind).ToArray());
        var deal = await CreateAsync<DealResponse>(hub, "deals", new { name = "Globex rollout", amount = 25_000.50m, currency = "eur", companyId, contactId, leadId });
        var dealId = deal.Id;
        Assert.Equal("EUR", deal.Currency);
        Assert.Equal(stages[0].Id, deal.StageId);
        Assert.Equal(10, deal.Probability);
        var won = await PutAsync<DealResponse>(hub, $"deals/{dealId}", new { name = "Globex rollout", amount = 27_000m, currency = "EUR", stageId = stages[4].Id, closeReason = "Best fit", companyId, contactId, leadId });
        Assert.Equal("won", won.StageKind);
        Assert.Equal(100, won.Probability);
        Assert.NotNull(won.ClosedAt);
        var board = await hub.GetFromJsonAsync<PipelineSummary>($"{Crm}/pipelines/{sales.Id}/summary");
        Assert.True(board!.Stages.Single(s => s.Kind == "won").Deals >= 1);

        // A custom pipeline, changed and removed by a tenant admin
        var pipeline = await CreateAsync<PipelineResponse>(hub, "pipelines", new { name = $"Partners {Guid.NewGuid():N}", stages = new object[] { new { name = "Talk", kind = "open" }, new { name = "Signed", kind = "won" }, new { name = "Dropped", kind = "lost" } } });
        var pipelineId = pipeline.Id;
        var changed = await PutAsync<PipelineResponse>(hub, $"pipelines/{pipelineId}", new { name = pipeline.Name, stages = new object[] { new { name = "Talk", kind = "open" }, new { name = "Pilot", kind = "open", probability = 60 }, new { name = "Signed", kind = "won" }, new { name = "Dropped", kind = "lost" } } });
        Assert.Equal(["Talk", "Pilot", "Signed", "Dropped"], changed.Stages.Select(s => s.Name).ToArray());

        // Activities on each kind of record, with a task done later
        var task = await CreateAsync<ActivityResponse>(hub, "activities", new { kind = "task", subject = "Send the contract", dueAt = DateTimeOffset.UtcNow.AddDays(2), dealId });
        Assert.False(task.Done);
        var taskId = task.Id;
        Assert.Contains((await hub.GetFromJsonAsync<List<ActivityResponse>>($"{Crm}/activities?dealId={dealId}&openTasks=true"))!, a => a.Id == taskId);
        var done = await PutAsync<ActivityResponse>(hub, $"activities/{taskId}", new { kind = "task", subject = "Send the contract", dueAt = DateTimeOffset.UtcNow.AddDays(2), done = true });
        Assert.True(done.Done);
        await CreateAsync<ActivityResponse>(hub, "activities", new { kind = "note", subject = "Met at the expo", contactId });
        await CreateAsync<ActivityResponse>(hub, "activities", new { kind = "email", subject = "Sent the brochure", companyId });
        var note = await CreateAsync<ActivityResponse>(hub, "activities", new { kind = "note", subject = "Prefers email", leadId });

        // Lead sources, kept by the tenant admin
        var source = await CreateAsync<LeadSourceResponse>(hub, "lead-sources", new { key = $"expo_{Guid.NewGuid():N}"[..20], label = "Trade expo" });

        // Deletes, each one gone afterwards
        foreach (var (path, id) in new[] { ("activities", note.Id), ("deals", dealId), ("leads", leadId), ("contacts", contactId), ("companies", companyId), ("pipelines", pipelineId), ("lead-sources", source.Id) })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await hub.DeleteAsync($"{Crm}/{path}/{id}")).StatusCode);
            if (path != "lead-sources")
            {
                Assert.Equal(HttpStatusCode.NotFound, (await hub.GetAsync($"{Crm}/{path}/{id}")).StatusCode);
            }
        }
        // The deal's and the lead's audit trails outlive them.
        var dealHistory = await hub.GetFromJsonAsync<List<RecordChangeResponse>>($"{Crm}/deals/{dealId}/history");
        Assert.Equal(["deleted", "stage_changed", "created"], dealHistory!.Select(c => c.Action).ToArray());
        Assert.Equal("deleted", (await hub.GetFromJsonAsync<List<RecordChangeResponse>>($"{Crm}/leads/{leadId}/history"))![0].Action);
    }

    [Fact]
    public async Task Every_change_to_a_lead_is_in_its_audit_trail_with_who_and_what_changed()
    {
        using var hub = await HubAsync();
        var lead = await CreateAsync<LeadResponse>(hub, "leads", new { name = "Audrey Audit", email = UniqueEmail("audrey"), company = "Trail Co" });
        var id = lead.Id;
        await PutAsync<LeadResponse>(hub, $"leads/{id}", new { name = "Audrey Audit", email = lead.Email, company = "Trail Company", jobTitle = "CFO" });
        // The same values again change nothing and write nothing.
        await PutAsync<LeadResponse>(hub, $"leads/{id}", new { name = "Audrey Audit", email = lead.Email, company = "Trail Company", jobTitle = "CFO" });

        var history = (await hub.GetFromJsonAsync<List<RecordChangeResponse>>($"{Crm}/leads/{id}/history"))!;
        Assert.Equal(["updated", "created"], history.Select(c => c.Action).ToArray());
        var update = history[0];
        Assert.Equal("CorelDove Admin", update.ActorName);
        Assert.NotNull(update.ActorId);
        // What changed has no record of its own: a JSON object of field → from and to.
        Assert.NotNull(update.Changes);
        var changes = update.Changes.Value;
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
        var existingCompany = await CreateAsync<CompanyResponse>(hub, "companies", new { name = "Initech", domain });

        var lead = await CreateAsync<LeadResponse>(hub, "leads", new { name = "Peter Gibbons", email = $"peter@{domain}", company = "Initech Inc", jobTitle = "Engineer" });
        var id = lead.Id;
        using var response = await hub.PostAsJsonAsync($"{Crm}/leads/{id}/convert", new { dealName = "TPS reports", amount = 9_900m, currency = "USD" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conversion = (await response.Content.ReadFromJsonAsync<ConversionResponse>())!;

        // The company was found by the email's domain, the contact made from the lead, the deal created for both.
        Assert.Equal(existingCompany.Id, conversion.CompanyId);
        Assert.False(conversion.CompanyCreated);
        Assert.True(conversion.ContactCreated);
        var converted = conversion.Lead;
        Assert.Equal("converted", converted.Status);
        var contact = (await hub.GetFromJsonAsync<ContactResponse>($"{Crm}/contacts/{conversion.ContactId}"))!;
        Assert.Equal(id, contact.LeadId);
        Assert.Equal(existingCompany.Id, contact.CompanyId);
        Assert.NotNull(conversion.DealId);
        var deal = (await hub.GetFromJsonAsync<DealResponse>($"{Crm}/deals/{conversion.DealId}"))!;
        Assert.Equal("TPS reports", deal.Name);
        Assert.Equal(9_900m, deal.Amount);
        Assert.Equal(id, deal.LeadId);
        Assert.Equal(contact.Id, deal.ContactId);
        var stored = (await hub.GetFromJsonAsync<LeadResponse>($"{Crm}/leads/{id}"))!;
        Assert.Equal(deal.Id, stored.DealId);
        Assert.Equal("converted", (await hub.GetFromJsonAsync<List<RecordChangeResponse>>($"{Crm}/leads/{id}/history"))![0].Action);

        // Twice is refused, and a lead at a new company with a second address gets the existing contact's company made anew.
        Assert.Equal(HttpStatusCode.Conflict, (await hub.PostAsJsonAsync($"{Crm}/leads/{id}/convert", new { })).StatusCode);
        var other = await CreateAsync<LeadResponse>(hub, "leads", new { name = "Milton Waddams", email = UniqueEmail("milton", "gmail.com"), company = $"Basement {Guid.NewGuid():N}" });
        // Read raw as well: no deal and no domain must be null in the JSON itself, not left out.
        var secondJson = await (await hub.PostAsJsonAsync($"{Crm}/leads/{other.Id}/convert", new { createDeal = false })).Content.ReadFromJsonAsync<JsonElement>();
        var second = secondJson.Deserialize<ConversionResponse>(JsonSerializerOptions.Web)!;
        Assert.True(second.CompanyCreated);
        Assert.Equal(JsonValueKind.Null, secondJson.GetProperty("dealId").ValueKind);
        Assert.NotNull(second.CompanyId);
        var madeCompany = await hub.GetFromJsonAsync<JsonElement>($"{Crm}/companies/{second.CompanyId}");
        // A free-mail address says nothing about the company's domain.
        Assert.Equal(JsonValueKind.Null, madeCompany.GetProperty("domain").ValueKind);
    }

    [Fact]
    public async Task Logging_activities_rescores_the_lead_and_its_factors_explain_the_score()
    {
        using var hub = await HubAsync();
        var lead = await CreateAsync<LeadResponse>(hub, "leads", new { name = "Sam Score", email = UniqueEmail("sam", "scoring-co.example"), jobTitle = "Head of Sales", industry = "Retail", companySize = 120 });
        var id = lead.Id;
        // Fit: size 51-200 → 0.7 × 30, a target industry → 20, director-level → 0.8 × 30, business domain → 20 (of 100); engagement none.
        Assert.Equal(85, lead.FitScore);
        Assert.Equal(0, lead.EngagementScore);
        Assert.Equal(51, lead.Score);
        Assert.Equal("warm", lead.Rating);
        AssertFactorsAddUp(lead);

        await CreateAsync<ActivityResponse>(hub, "activities", new { kind = "meeting", subject = "Discovery meeting", leadId = id });
        var afterMeeting = (await hub.GetFromJsonAsync<LeadResponse>($"{Crm}/leads/{id}"))!;
        Assert.Equal(25, afterMeeting.EngagementScore);
        Assert.Equal(61, afterMeeting.Score);
        Assert.Equal("contacted", afterMeeting.Status);
        Assert.NotNull(afterMeeting.LastContactedAt);
        Assert.Contains(afterMeeting.ScoreFactors, f => f.Key == "activity_meeting");
        AssertFactorsAddUp(afterMeeting);

        // A call from sixty days ago counts a quarter of its 12 points (two half-lives of 30 days).
        await CreateAsync<ActivityResponse>(hub, "activities", new { kind = "call", subject = "Old call", occurredAt = DateTimeOffset.UtcNow.AddDays(-60), leadId = id });
        var afterOldCall = (await hub.GetFromJsonAsync<LeadResponse>($"{Crm}/leads/{id}"))!;
        Assert.Equal(28, afterOldCall.EngagementScore);
        Assert.Equal(62, afterOldCall.Score);
        var history = await hub.GetFromJsonAsync<List<RecordChangeResponse>>($"{Crm}/leads/{id}/history");
        Assert.Contains(history!, c => c.Action == "activity_logged" && c.Summary!.Contains("51 → 61"));
    }

    [Fact]
    public async Task Tenant_admins_change_the_scoring_weights_and_every_lead_is_rescored_members_cannot()
    {
        using var admin = await HubAsync("admin@thrillring.dev");
        using var member = await HubAsync("multi@bizosaas.dev");
        var lead = await CreateAsync<LeadResponse>(admin, "leads", new { name = "Wendy Weights", email = UniqueEmail("wendy", "weights.example"), jobTitle = "Analyst" });
        var before = lead.Score;
        var settings = await admin.GetFromJsonAsync<ScoringSettingsResponse>($"{Crm}/scoring/settings");
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
            await Eventually.HoldsAsync(async () => (await admin.GetFromJsonAsync<LeadResponse>($"{Crm}/leads/{lead.Id}"))!.Score == 99,
                "the lead is rescored with the new weights");
            Assert.NotEqual(99, before);
            var bad = await admin.PutAsJsonAsync($"{Crm}/scoring/settings", new { companySizeWeight = 50, industryWeight = 50, seniorityWeight = 50, emailDomainWeight = 50, fitShare = 2.0, halfLifeDays = 0, hotThreshold = 30, warmThreshold = 40, highValueThreshold = 80 });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var errors = (await bad.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors;
            foreach (var field in new[] { "companySizeWeight", "fitShare", "halfLifeDays", "warmThreshold" })
            {
                Assert.True(errors.ContainsKey(field), $"no error for {field}");
            }
        }
        finally
        {
            (await admin.PutAsJsonAsync($"{Crm}/scoring/settings", settings)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Emails_are_unique_per_tenant_whatever_their_case_and_likely_duplicates_are_found_and_merged()
    {
        using var hub = await HubAsync();
        var local = $"jane.doe{Guid.NewGuid():N}"[..24];
        var first = await CreateAsync<LeadResponse>(hub, "leads", new { name = "Jane Doe", email = $"{local}@gmail.com", phone = "+1 (555) 201-3344", company = "Doe & Co" });
        var firstId = first.Id;
        // The same address in another case is the same lead.
        using var same = await hub.PostAsJsonAsync($"{Crm}/leads", new { name = "Jane D", email = $"{local.ToUpperInvariant()}@GMAIL.com" });
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        Assert.Contains(firstId.ToString(), (await same.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);

        // Likely duplicates: the same Gmail mailbox written differently, the same phone, the same name at the same company.
        var mailbox = await CreateAsync<LeadResponse>(hub, "leads", new { name = "J. Doe", email = $"{local.Replace(".", "")}+crm@gmail.com" });
        var phone = await CreateAsync<LeadResponse>(hub, "leads", new { name = "Janet Doe", email = UniqueEmail("janet"), phone = "555.201.3344" });
        var named = await CreateAsync<LeadResponse>(hub, "leads", new { name = "jane  DOE", email = UniqueEmail("jd"), company = "Doe & Co." });
        var groups = (await hub.GetFromJsonAsync<List<DuplicateGroup>>($"{Crm}/leads/{firstId}/duplicates"))!;
        Assert.Equal(["email", "phone", "name_company"], groups.Select(g => g.Reason).ToArray());
        Assert.Contains(groups[0].Leads, l => l.Id == mailbox.Id);
        Assert.Contains(groups[1].Leads, l => l.Id == phone.Id);
        Assert.Contains(groups[2].Leads, l => l.Id == named.Id);
        var all = await hub.GetFromJsonAsync<List<DuplicateGroup>>($"{Crm}/leads/duplicates?limit=200");
        Assert.Contains(all!, g => g.Leads.Any(l => l.Id == firstId));

        // Merging keeps the activities and deals of both, fills what the lead lacked, and removes the duplicate.
        var duplicateId = phone.Id;
        await CreateAsync<ActivityResponse>(hub, "activities", new { kind = "call", subject = "Called Janet", leadId = duplicateId });
        await CreateAsync<ActivityResponse>(hub, "activities", new { kind = "note", subject = "Jane's note", leadId = firstId });
        var deal = await CreateAsync<DealResponse>(hub, "deals", new { name = "Janet's deal", amount = 100m, currency = "USD", leadId = duplicateId });
        using var merge = await hub.PostAsJsonAsync($"{Crm}/leads/{firstId}/merge", new { duplicateId });
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.GetAsync($"{Crm}/leads/{duplicateId}")).StatusCode);
        var activities = await hub.GetFromJsonAsync<List<ActivityResponse>>($"{Crm}/activities?leadId={firstId}");
        Assert.Equal(["Called Janet", "Jane's note"], activities!.Select(a => a.Subject).Order().ToArray());
        Assert.Equal(firstId, (await hub.GetFromJsonAsync<DealResponse>($"{Crm}/deals/{deal.Id}"))!.LeadId);
        var mergedHistory = await hub.GetFromJsonAsync<List<RecordChangeResponse>>($"{Crm}/leads/{firstId}/history");
        Assert.Equal("merged", mergedHistory![0].Action);
        Assert.NotNull(mergedHistory[0].Changes);
        Assert.Equal(duplicateId, mergedHistory[0].Changes!.Value.GetProperty("duplicateId").GetGuid());
        Assert.Equal("merged_into", (await hub.GetFromJsonAsync<List<RecordChangeResponse>>($"{Crm}/leads/{duplicateId}/history"))![0].Action);
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
            var lead = await CreateAsync<LeadResponse>(hub, "leads", new { name = $"Pager {i}", email = UniqueEmail($"pager{i}", "pagers.example"), company = $"Keyset {tag}", jobTitle = i % 2 == 0 ? "CEO" : "Analyst", source = "event", tags = new[] { tag } });
            created.Add(lead.Id);
        }

        foreach (var sort in new[] { "created", "score", "name" })
        {
            var seen = new List<LeadResponse>();
            string? cursor = null;
            do
            {
                var page = (await hub.GetFromJsonAsync<LeadPage>($"{Crm}/leads?tag={tag}&sort={sort}&limit=3&withTotal=true" + (cursor is null ? "" : $"&cursor={cursor}")))!;
                Assert.Equal(7, page.Total);
                seen.AddRange(page.Items);
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            Assert.Equal(created.Order(), seen.Select(l => l.Id).Order());
            var keys = seen.Select(l => sort switch { "score" => l.Score.ToString("D3"), "name" => l.Name, _ => l.CreatedAt.UtcTicks.ToString("D20") }).ToList();
            Assert.Equal(sort == "name" ? keys.Order(StringComparer.Ordinal) : keys.OrderDescending(StringComparer.Ordinal), keys);
        }

        var search = await hub.GetFromJsonAsync<LeadPage>($"{Crm}/leads?q=KEYSET%20{tag.ToUpperInvariant()}&withTotal=true");
        Assert.Equal(7, search!.Total);
        // Executives score 30 (seniority 30 and a business domain 20, of fit 100, times 0.6), analysts 15.
        var executives = (await hub.GetFromJsonAsync<LeadPage>($"{Crm}/leads?tag={tag}&minScore=25&withTotal=true"))!;
        var analysts = (await hub.GetFromJsonAsync<LeadPage>($"{Crm}/leads?tag={tag}&maxScore=24&withTotal=true"))!;
        Assert.Equal(7, executives.Total + analysts.Total);
        Assert.Equal(4, executives.Total);
        Assert.Equal(7, (await hub.GetFromJsonAsync<LeadPage>($"{Crm}/leads?tag={tag}&status=new,contacted&source=event&withTotal=true"))!.Total);
        Assert.Equal(0, (await hub.GetFromJsonAsync<LeadPage>($"{Crm}/leads?tag={tag}&status=qualified&withTotal=true"))!.Total);
        // The earlier platform's path lists the same leads.
        Assert.Equal(7, (await hub.GetFromJsonAsync<LeadPage>($"/api/brain/django-crm/leads?tag={tag}&withTotal=true"))!.Total);

        var stats = (await hub.GetFromJsonAsync<LeadStats>($"{Crm}/leads/stats"))!;
        Assert.Equal(30, stats.NewPerDay.Count);
        Assert.Equal(10, stats.ScoreDistribution.Count);
        Assert.Equal(stats.Total, stats.ByStatus.Values.Sum());
        Assert.Equal(stats.Total, stats.ScoreDistribution.Sum(b => b.Count));
    }

    [Fact]
    public async Task Another_tenants_records_are_not_found_on_every_endpoint()
    {
        using var owner = await HubAsync();
        using var stranger = await HubAsync("admin@bizoholic.dev");
        var company = (await CreateAsync<CompanyResponse>(owner, "companies", new { name = "Private Co" })).Id;
        var contact = (await CreateAsync<ContactResponse>(owner, "contacts", new { name = "Private Person", companyId = company })).Id;
        var lead = (await CreateAsync<LeadResponse>(owner, "leads", new { name = "Private Lead", email = UniqueEmail("private") })).Id;
        var deal = (await CreateAsync<DealResponse>(owner, "deals", new { name = "Private Deal", leadId = lead })).Id;
        var activity = (await CreateAsync<ActivityResponse>(owner, "activities", new { kind = "note", subject = "Private note", leadId = lead })).Id;
        var pipeline = (await owner.GetFromJsonAsync<List<PipelineResponse>>($"{Crm}/pipelines"))![0].Id;
        var strangerLead = (await CreateAsync<LeadResponse>(stranger, "leads", new { name = "Stranger Lead", email = UniqueEmail("stranger") })).Id;

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
        Assert.Equal("Private Lead", (await owner.GetFromJsonAsync<LeadResponse>($"{Crm}/leads/{lead}"))!.Name);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Crm}/deals/{deal}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Crm}/activities/{activity}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Crm}/contacts/{contact}")).StatusCode);
    }

    [Fact]
    public async Task Invalid_input_is_400_with_field_errors_and_writes_nothing()
    {
        using var hub = await HubAsync("admin@bizoholic.dev");
        var before = (await hub.GetFromJsonAsync<LeadCount>($"{Crm}/leads/count"))!.Count;
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
            var errors = (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors;
            foreach (var field in fields)
            {
                Assert.True(errors.ContainsKey(field), $"POST {path}: no error for {field} in {string.Join(", ", errors.Keys)}");
            }
        }
        foreach (var query in new[] { "sort=colour", "limit=0", "limit=501", "status=maybe", "rating=lukewarm", "minScore=101", "cursor=bm90LWEtY3Vyc29y" })
        {
            using var response = await hub.GetAsync($"{Crm}/leads?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET leads?{query}: {(int)response.StatusCode}");
        }
        // A lost deal needs its reason; a lead's status cannot be set to converted by hand.
        var lost = (await hub.GetFromJsonAsync<List<PipelineResponse>>($"{Crm}/pipelines"))![0].Stages.Single(s => s.Kind == "lost");
        using var noReason = await hub.PostAsJsonAsync($"{Crm}/deals", new { name = "Lost cause", stageId = lost.Id });
        Assert.True((await noReason.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors.ContainsKey("closeReason"));
        Assert.Equal(before, (await hub.GetFromJsonAsync<LeadCount>($"{Crm}/leads/count"))!.Count);
    }

    private static async Task<T> CreateAsync<T>(HttpClient hub, string path, object body)
    {
        using var response = await hub.PostAsJsonAsync($"{Crm}/{path}", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static async Task<T> PutAsync<T>(HttpClient hub, string path, object body)
    {
        using var response = await hub.PutAsJsonAsync($"{Crm}/{path}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static void AssertFactorsAddUp(LeadResponse lead)
    {
        var sum = lead.ScoreFactors.Sum(f => f.Points);
        Assert.InRange(sum, lead.Score - 0.6, lead.Score + 0.6);
    }
}
