using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Crm.Scoring;

/// <summary>A tenant's lead-scoring weights and thresholds (one row per tenant, created with the defaults).</summary>
public sealed class ScoringSettings : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>Points of the fit score (0–100 in all) each fit factor can give.</summary>
    public int CompanySizeWeight { get; set; } = 30;
    public int IndustryWeight { get; set; } = 20;
    public int SeniorityWeight { get; set; } = 30;
    public int EmailDomainWeight { get; set; } = 20;

    /// <summary>The share of the total score that comes from fit; the rest comes from engagement.</summary>
    public double FitShare { get; set; } = 0.6;

    /// <summary>Industries the tenant sells to best (lower-case); a lead in one gets the whole industry weight.</summary>
    public List<string> TargetIndustries { get; set; } = ["software", "saas", "e-commerce", "retail", "marketing", "finance"];

    /// <summary>Engagement points per activity kind, before decay.</summary>
    public int NotePoints { get; set; } = 2;
    public int EmailPoints { get; set; } = 6;
    public int CallPoints { get; set; } = 12;
    public int MeetingPoints { get; set; } = 25;
    public int TaskPoints { get; set; } = 5;

    /// <summary>An activity counts half as much after this many days, a quarter after twice as many.</summary>
    public double HalfLifeDays { get; set; } = 30;
    public int HotThreshold { get; set; } = 70;
    public int WarmThreshold { get; set; } = 40;

    /// <summary>A lead whose score reaches this asks a person to qualify it (an approval request).</summary>
    public int HighValueThreshold { get; set; } = 80;
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set when the weights changed and every lead of the tenant is to be scored again (by <see cref="LeadRescoring"/>).</summary>
    public DateTimeOffset? RescoreRequestedAt { get; set; }

    /// <summary>Until when one replica has taken the rescoring on (the others leave it alone meanwhile).</summary>
    public DateTimeOffset? RescoreClaimedUntil { get; set; }

    public int PointsFor(string activityKind) => activityKind switch
    {
        ActivityKinds.Note => NotePoints,
        ActivityKinds.Email => EmailPoints,
        ActivityKinds.Call => CallPoints,
        ActivityKinds.Meeting => MeetingPoints,
        ActivityKinds.Task => TaskPoints,
        _ => 0,
    };
}
