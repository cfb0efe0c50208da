namespace BizOSaaS.Hub.Tenancy;

/// <summary>The tenancy contracts (BizOSaaS.Hub.Contracts) made from the hub's entities.</summary>
public static class TenantMapping
{
    extension(PlanResponse)
    {
        public static PlanResponse From(Plan plan) => new(plan.Id, plan.Name, plan.MaxUsers, plan.AgentRunsPerMonth, plan.RateScale, plan.Features);
    }

    extension(TenantResponse)
    {
        public static TenantResponse From(Tenant tenant, string? role) =>
            new(tenant.Id, tenant.Slug, tenant.Name, tenant.Industry, tenant.Status.ToString().ToLowerInvariant(), tenant.TrialEndsAt,
                PlanResponse.From(tenant.Plan!), role);
    }
}
