using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using static BizOSaaS.FunctionalTests.Integration.ApprovalsTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>Who may decide, through the API: four-eyes on every path, candidate roles and assignees, final and
/// idempotent decisions, one winner of two decisions at once, and other tenants' requests not found.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApprovalsRulesTests(PlatformFixture platform)
{
    private static readonly string[] PersonPaths = ["approve", "reject", "request-changes", "claim", "unclaim"];

    private readonly ApprovalsTestClient _approvals = new(platform);

    [Fact]
    public async Task Whoever_requested_is_refused_on_every_decision_path_even_as_tenant_admin()
    {
        using var requester = await _approvals.PersonAsync("admin@coreldove.dev");
        var id = (await CreateAsync(requester, new { type = "supplier_validation", title = $"Accept Acme as a supplier {Marker()}" })).Id;

        foreach (var path in PersonPaths)
        {
            var (status, _, problem) = await ActAsync(requester, path, id, "My own request");
            Assert.True(status == HttpStatusCode.Forbidden, $"{path} answered {(int)status}");
            Assert.Contains("Four-eyes", problem?.Detail);
        }
        var untouched = await DetailAsync(requester, id);
        Assert.Equal("pending", untouched.Request.Status);
        Assert.Equal(["created"], HistoryKinds(untouched));

        // Someone else decides; the requester is still refused (not told "already approved"), since who comes before state.
        var (_, colleague) = await _approvals.NewMemberAsync("admin@coreldove.dev", "tenant_admin");
        using var other = await _approvals.PersonAsync(colleague);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(other, "approve", id)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(requester, "approve", id)).Status);
    }

    [Fact]
    public async Task A_person_a_service_asked_for_cannot_decide_and_a_service_token_never_decides()
    {
        var (onBehalfOf, email) = await _approvals.NewMemberAsync("admin@coreldove.dev", "tenant_admin");
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        using var person = await _approvals.PersonAsync(email);
        using var admin = await _approvals.PersonAsync("admin@coreldove.dev");
        var created = await CreateAsync(service, new { type = "campaign_optimization", title = $"Shift budget {Marker()}", requestedByUserId = onBehalfOf });
        var id = created.Id;
        Assert.Equal(email, created.RequestedBy.Email);

        foreach (var path in PersonPaths)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(person, path, id, "Mine")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(service, path, id, "A service")).Status);
        }
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(admin, "approve", id)).Status);
    }

    [Fact]
    public async Task Only_candidate_roles_or_the_assignee_decide_and_a_claim_reserves_the_decision()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        using var member = await _approvals.PersonAsync("member@coreldove.dev");
        using var admin = await _approvals.PersonAsync("admin@coreldove.dev");
        var memberId = await _approvals.UserIdAsync("member@coreldove.dev");

        var forAdmins = (await CreateAsync(service, new { type = "product_sourcing", title = $"For admins {Marker()}" })).Id;
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(member, "claim", forAdmins)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(member, "approve", forAdmins)).Status);

        var assigned = await CreateAsync(service, new { type = "product_sourcing", title = $"For the member {Marker()}", assigneeUserId = memberId });
        Assert.Equal("member@coreldove.dev", assigned.AssigneeEmail);
        var conflict = await ActAsync(admin, "approve", assigned.Id);
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Contains("claimed by member@coreldove.dev", conflict.Problem?.Detail);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(member, "approve", assigned.Id)).Status);

        var forMembers = (await CreateAsync(service, new { type = "product_sourcing", title = $"For members {Marker()}", candidateRoles = new[] { "member" } })).Id;
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(admin, "claim", forMembers)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(member, "claim", forMembers)).Status);
        // An admin may put a claimed request back, then the member who holds the role decides again.
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(admin, "unclaim", forMembers)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(member, "reject", forMembers, "Not a fit")).Status);
        Assert.Equal(["created", "claimed", "unclaimed", "rejected"], HistoryKinds(await DetailAsync(admin, forMembers)));
    }

    [Fact]
    public async Task A_decision_is_final_the_same_one_again_answers_the_same_and_another_is_409()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        using var admin = await _approvals.PersonAsync("admin@coreldove.dev");
        var id = (await CreateAsync(service, new { type = "lead_qualification", title = $"Qualify Dana {Marker()}" })).Id;

        var first = await ActAsync(admin, "approve", id, "Good fit");
        var again = await ActAsync(admin, "approve", id, "Still a good fit");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.NotNull(first.Body?.DecidedAt);
        Assert.Equal(first.Body.DecidedAt, again.Body?.DecidedAt);
        Assert.Equal("Good fit", again.Body?.DecisionComment);

        foreach (var other in new[] { "reject", "request-changes", "cancel" })
        {
            Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(admin, other, id, "Changed my mind")).Status);
        }
        Assert.Equal(["created", "approved"], HistoryKinds(await DetailAsync(admin, id)));
        Assert.Equal(1, await _approvals.CountAsync(PlatformTokens.CorelDove, "SELECT count(*) FROM approval_events WHERE request_id = $1 AND kind = 'approved'", id));
    }

    [Fact]
    public async Task Two_decisions_at_the_same_moment_have_one_winner_and_the_other_is_409()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        using var member = await _approvals.PersonAsync("member@coreldove.dev");
        using var multi = await _approvals.PersonAsync("multi@bizosaas.dev");
        var id = (await CreateAsync(service, new { type = "product_sourcing", title = $"Both at once {Marker()}", candidateRoles = new[] { "member" } })).Id;

        // Hold the row so that both decisions have read the pending request and wait to write it: a real race,
        // decided by the row version, not by who happened to arrive first.
        await using var connection = _approvals.HubDb();
        await connection.OpenAsync();
        Task<(HttpStatusCode Status, ApprovalResponse? Body, ProblemDetails? Problem)> first, second;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await TenantSql.SetTenantAsync(connection, transaction, PlatformTokens.CorelDove);
            await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM approval_requests WHERE id = $1 FOR UPDATE", connection, transaction))
            {
                lockRow.Parameters.Add(new NpgsqlParameter { Value = id });
                Assert.Equal(1, await lockRow.ExecuteScalarAsync());
            }
            first = ActAsync(member, "approve", id, "From member");
            second = ActAsync(multi, "approve", id, "From multi");
            await Eventually.HoldsAsync(async () =>
            {
                // Waiting on this transaction, or on the other decision that waits on it (PostgreSQL queues them);
                // the hub's timers may wait on the row too.
                await using var blocked = new NpgsqlCommand(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0", connection, transaction);
                return Convert.ToInt64(await blocked.ExecuteScalarAsync()) >= 2;
            }, "both decisions wait on the request's row");
            await transaction.CommitAsync();
        }

        var results = await Task.WhenAll(first, second);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.Status).Order());
        var winner = results.Single(r => r.Status == HttpStatusCode.OK).Body?.DecidedBy;
        Assert.NotNull(winner);
        var detail = await DetailAsync(member, id);
        Assert.Equal(winner, detail.Request.DecidedBy);
        Assert.Equal(["created", "approved"], HistoryKinds(detail));
    }

    [Fact]
    public async Task Another_tenants_request_is_not_found_on_every_path_and_no_token_is_401()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        var id = (await CreateAsync(service, new { type = "product_sourcing", title = $"CorelDove only {Marker()}" })).Id;
        using var bizoholic = await _approvals.PersonAsync("admin@bizoholic.dev");
        using var bizoholicService = await _approvals.ServiceAsync(PlatformTokens.Bizoholic);

        using (var get = await bizoholic.GetAsync($"{Hitl}/requests/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        }
        foreach (var path in PersonPaths.Append("cancel"))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(bizoholic, path, id, "Not mine")).Status);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(bizoholicService, "cancel", id)).Status);
        Assert.DoesNotContain(id, await QueueAsync(bizoholic, "type=product_sourcing"));
        Assert.Equal("pending", (await DetailAsync(service, id)).Request.Status);

        using var anonymous = platform.App.CreateHttpClient("hub");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Hitl}/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"{Hitl}/requests", new { type = "product_sourcing", title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"{Hitl}/approve/{id}", null)).StatusCode);
        // Platform staff act in a tenant or not at all: without one, the queue is refused.
        using var platformAdmin = await _approvals.PersonAsync("admin@bizosaas.dev");
        Assert.Equal(HttpStatusCode.Forbidden, (await platformAdmin.GetAsync($"{Hitl}/queue")).StatusCode);
    }
}
