using BizOSaaS.Hub.Approvals;

namespace BizOSaaS.UnitTests;

/// <summary>The approval rules (four-eyes, candidates, finality, escalation, timers, backoff, idempotent ids) as pure functions.</summary>
public sealed class ApprovalRulesTests
{
    private static readonly Guid Requester = Guid.NewGuid();
    private static readonly Guid Approver = Guid.NewGuid();
    private static readonly Guid Colleague = Guid.NewGuid();

    private static ApprovalActor Person(Guid id, params string[] roles) => new(id, $"{id:N}@example.com", null, roles.ToHashSet());

    private static readonly ApprovalActor Service = new(null, null, "bizosaas-services", new HashSet<string> { "service" });

    private static ApprovalRequest Request(string status = ApprovalStatus.Pending, Guid? requestedBy = null, string? client = null,
        Guid? assignee = null, params string[] candidateRoles) => new()
        {
            Type = "product_sourcing",
            Title = "Source a product",
            Payload = "{}",
            Fingerprint = "",
            Status = status,
            RequestedByUserId = requestedBy,
            RequestedByClient = client,
            AssigneeUserId = assignee,
            AssigneeEmail = assignee is null ? null : $"{assignee:N}@example.com",
            CandidateRoles = candidateRoles.Length == 0 ? ["tenant_admin"] : [.. candidateRoles],
        };

    public static TheoryData<ApprovalAction> PersonActions => new()
    {
        ApprovalAction.Approve, ApprovalAction.Reject, ApprovalAction.RequestChanges, ApprovalAction.Claim, ApprovalAction.Unclaim,
    };

    [Theory]
    [MemberData(nameof(PersonActions))]
    public void The_requester_may_not_claim_or_decide_even_as_tenant_or_platform_admin(ApprovalAction action)
    {
        var request = Request(requestedBy: Requester);

        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(request, Person(Requester, "tenant_admin"), action).Kind);
        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(request, Person(Requester, "platform_admin", "tenant_admin"), action).Kind);
        // Control: the same request and roles, another person.
        Assert.NotEqual(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(request, Person(Approver, "tenant_admin"), action).Kind);
    }

    [Theory]
    [InlineData(ApprovalStatus.Approved, ApprovalAction.Approve)]
    [InlineData(ApprovalStatus.Rejected, ApprovalAction.Reject)]
    public void The_requester_is_refused_before_the_state_is_looked_at(string status, ApprovalAction action)
    {
        // Already decided by someone else the same way: anyone else would get 200, the requester still 403.
        var request = Request(status, requestedBy: Requester);

        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(request, Person(Requester, "tenant_admin"), action).Kind);
        Assert.Equal(ApprovalVerdictKind.Unchanged, ApprovalRules.Evaluate(request, Person(Approver, "tenant_admin"), action).Kind);
    }

    [Theory]
    [MemberData(nameof(PersonActions))]
    public void A_service_token_never_claims_or_decides(ApprovalAction action)
    {
        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(Request(client: "bizosaas-services"), Service, action).Kind);
        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(Request(requestedBy: Requester), Service, action).Kind);
    }

    [Fact]
    public void Only_candidate_roles_or_the_assignee_decide()
    {
        var forAdmins = Request(requestedBy: Requester);
        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(forAdmins, Person(Approver, "member"), ApprovalAction.Approve).Kind);
        Assert.Equal(ApprovalVerdictKind.Apply, ApprovalRules.Evaluate(forAdmins, Person(Approver, "tenant_admin"), ApprovalAction.Approve).Kind);
        // Platform staff hold a tenant admin's rights.
        Assert.Equal(ApprovalVerdictKind.Apply, ApprovalRules.Evaluate(forAdmins, Person(Approver, "platform_admin"), ApprovalAction.Approve).Kind);

        var forMembers = Request(requestedBy: Requester, candidateRoles: "member");
        Assert.Equal(ApprovalVerdictKind.Apply, ApprovalRules.Evaluate(forMembers, Person(Approver, "member"), ApprovalAction.Approve).Kind);
        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(forMembers, Person(Approver, "tenant_admin"), ApprovalAction.Approve).Kind);

        var assigned = Request(requestedBy: Requester, assignee: Approver);
        Assert.Equal(ApprovalVerdictKind.Apply, ApprovalRules.Evaluate(assigned, Person(Approver, "member"), ApprovalAction.Reject).Kind);
    }

    [Fact]
    public void A_claimed_request_is_decided_by_its_assignee_only_and_unclaimed_by_them_or_an_admin()
    {
        var claimed = Request(requestedBy: Requester, assignee: Approver);

        Assert.Equal(ApprovalVerdictKind.Conflict, ApprovalRules.Evaluate(claimed, Person(Colleague, "tenant_admin"), ApprovalAction.Approve).Kind);
        Assert.Equal(ApprovalVerdictKind.Conflict, ApprovalRules.Evaluate(claimed, Person(Colleague, "tenant_admin"), ApprovalAction.Claim).Kind);
        Assert.Equal(ApprovalVerdictKind.Unchanged, ApprovalRules.Evaluate(claimed, Person(Approver, "tenant_admin"), ApprovalAction.Claim).Kind);
        Assert.Equal(ApprovalVerdictKind.Apply, ApprovalRules.Evaluate(claimed, Person(Approver, "member"), ApprovalAction.Unclaim).Kind);
        Assert.Equal(ApprovalVerdictKind.Apply, ApprovalRules.Evaluate(claimed, Person(Colleague, "tenant_admin"), ApprovalAction.Unclaim).Kind);
        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(claimed, Person(Colleague, "member"), ApprovalAction.Unclaim).Kind);
        Assert.Equal(ApprovalVerdictKind.Unchanged, ApprovalRules.Evaluate(Request(requestedBy: Requester), Person(Approver, "tenant_admin"), ApprovalAction.Unclaim).Kind);
    }

    [Theory]
    [InlineData(ApprovalStatus.Approved, ApprovalAction.Approve, ApprovalVerdictKind.Unchanged)]
    [InlineData(ApprovalStatus.Approved, ApprovalAction.Reject, ApprovalVerdictKind.Conflict)]
    [InlineData(ApprovalStatus.Approved, ApprovalAction.RequestChanges, ApprovalVerdictKind.Conflict)]
    [InlineData(ApprovalStatus.Rejected, ApprovalAction.Reject, ApprovalVerdictKind.Unchanged)]
    [InlineData(ApprovalStatus.Rejected, ApprovalAction.Approve, ApprovalVerdictKind.Conflict)]
    [InlineData(ApprovalStatus.ChangesRequested, ApprovalAction.RequestChanges, ApprovalVerdictKind.Unchanged)]
    [InlineData(ApprovalStatus.Expired, ApprovalAction.Approve, ApprovalVerdictKind.Conflict)]
    [InlineData(ApprovalStatus.Cancelled, ApprovalAction.Approve, ApprovalVerdictKind.Conflict)]
    [InlineData(ApprovalStatus.Approved, ApprovalAction.Claim, ApprovalVerdictKind.Conflict)]
    public void Decisions_are_final_and_the_same_one_again_changes_nothing(string status, ApprovalAction action, ApprovalVerdictKind expected)
    {
        Assert.Equal(expected, ApprovalRules.Evaluate(Request(status, requestedBy: Requester), Person(Approver, "tenant_admin"), action).Kind);
    }

    [Fact]
    public void Cancelling_is_for_the_requester_or_an_admin_while_pending()
    {
        Assert.Equal(ApprovalVerdictKind.Apply, ApprovalRules.Evaluate(Request(requestedBy: Requester), Person(Requester, "member"), ApprovalAction.Cancel).Kind);
        Assert.Equal(ApprovalVerdictKind.Apply, ApprovalRules.Evaluate(Request(requestedBy: Requester), Person(Colleague, "tenant_admin"), ApprovalAction.Cancel).Kind);
        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(Request(requestedBy: Requester), Person(Colleague, "member"), ApprovalAction.Cancel).Kind);
        Assert.Equal(ApprovalVerdictKind.Apply, ApprovalRules.Evaluate(Request(client: "bizosaas-services"), Service, ApprovalAction.Cancel).Kind);
        Assert.Equal(ApprovalVerdictKind.Forbidden, ApprovalRules.Evaluate(Request(requestedBy: Requester), Service, ApprovalAction.Cancel).Kind);
        Assert.Equal(ApprovalVerdictKind.Unchanged, ApprovalRules.Evaluate(Request(ApprovalStatus.Cancelled, requestedBy: Requester), Person(Requester), ApprovalAction.Cancel).Kind);
        Assert.Equal(ApprovalVerdictKind.Conflict, ApprovalRules.Evaluate(Request(ApprovalStatus.Approved, requestedBy: Requester), Person(Requester), ApprovalAction.Cancel).Kind);
    }

    [Theory]
    [InlineData(ApprovalPriority.Low, ApprovalPriority.Medium)]
    [InlineData(ApprovalPriority.Medium, ApprovalPriority.High)]
    [InlineData(ApprovalPriority.High, ApprovalPriority.Urgent)]
    [InlineData(ApprovalPriority.Urgent, ApprovalPriority.Urgent)]
    public void Escalation_raises_the_priority_one_step(ApprovalPriority from, ApprovalPriority to) =>
        Assert.Equal(to, ApprovalRules.Escalate(from));

    [Fact]
    public void Due_dates_follow_the_priority_and_the_tenants_settings()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddHours(1), ApprovalRules.DueAt(now, ApprovalPriority.Urgent, null));
        Assert.Equal(now.AddHours(4), ApprovalRules.DueAt(now, ApprovalPriority.High, null));
        Assert.Equal(now.AddHours(24), ApprovalRules.DueAt(now, ApprovalPriority.Medium, null));
        Assert.Equal(now.AddHours(72), ApprovalRules.DueAt(now, ApprovalPriority.Low, null));

        var tenant = new ApprovalSettings
        {
            UrgentDueAfter = TimeSpan.FromMinutes(15),
            HighDueAfter = TimeSpan.FromHours(2),
            MediumDueAfter = TimeSpan.FromHours(8),
            LowDueAfter = TimeSpan.FromDays(5),
            ChangedBy = "admin@example.com",
        };
        Assert.Equal(now.AddMinutes(15), ApprovalRules.DueAt(now, ApprovalPriority.Urgent, tenant));
        Assert.Equal(now.AddDays(5), ApprovalRules.DueAt(now, ApprovalPriority.Low, tenant));

        // A request never expires before it is due.
        Assert.Equal(now.AddDays(7), ApprovalRules.ExpiresAt(now, now.AddHours(24), TimeSpan.FromDays(7)));
        Assert.Equal(now.AddDays(5), ApprovalRules.ExpiresAt(now, now.AddDays(5), TimeSpan.FromDays(2)));
    }

    [Fact]
    public void Expiry_policy_decides_the_final_status()
    {
        Assert.Equal(ApprovalStatus.Expired, ApprovalRules.ExpiredStatus(ApprovalExpiryPolicies.Expire));
        Assert.Equal(ApprovalStatus.Rejected, ApprovalRules.ExpiredStatus(ApprovalExpiryPolicies.AutoReject));
    }

    [Fact]
    public void Callback_backoff_doubles_from_one_second_up_to_the_cap()
    {
        var cap = TimeSpan.FromSeconds(60);
        var waits = Enumerable.Range(1, 9).Select(n => ApprovalRules.CallbackBackoff(n, cap).TotalSeconds).ToArray();
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], waits);
        Assert.Equal(cap, ApprovalRules.CallbackBackoff(int.MaxValue, cap));
    }

    [Fact]
    public void Idempotent_ids_are_rfc_9562_name_based_uuids_in_the_tenants_namespace()
    {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        var dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"), ApprovalRules.IdFor(dns, "www.example.com"));

        var tenantA = Guid.NewGuid();
        var tenantB = Guid.NewGuid();
        Assert.Equal(ApprovalRules.IdFor(tenantA, "lead-42"), ApprovalRules.IdFor(tenantA, "lead-42"));
        Assert.NotEqual(ApprovalRules.IdFor(tenantA, "lead-42"), ApprovalRules.IdFor(tenantB, "lead-42"));
        Assert.NotEqual(ApprovalRules.IdFor(tenantA, "lead-42"), ApprovalRules.IdFor(tenantA, "lead-43"));
        Assert.Equal(5, ApprovalRules.IdFor(tenantA, "lead-42").Version);
    }

    [Theory]
    [InlineData("/api/approvals/decisions", true)]
    [InlineData("/api/v1/hitl_callback.json", true)]
    [InlineData("api/approvals", false)]
    [InlineData("//evil.example/x", false)]
    [InlineData("/api/../admin", false)]
    [InlineData("/api/approvals?x=1", false)]
    [InlineData("/api/approvals#x", false)]
    [InlineData("http://evil.example/x", false)]
    [InlineData("/", false)]
    public void Callback_paths_are_plain_paths_on_the_origin(string path, bool valid) =>
        Assert.Equal(valid, ApprovalRules.IsCallbackPath(path));

    [Theory]
    [InlineData("crm", true)]
    [InlineData("lead-scoring", true)]
    [InlineData("CRM", false)]
    [InlineData("crm.evil.example", false)]
    [InlineData("crm:8080", false)]
    [InlineData("", false)]
    public void Origins_are_service_discovery_names(string name, bool valid) =>
        Assert.Equal(valid, ApprovalRules.IsServiceName(name));
}
