using System.ComponentModel;
using System.Text.RegularExpressions;
using BizOSaaS.Crm.Activities;

namespace BizOSaaS.Crm.Scoring;

/// <summary>What a lead is scored from.</summary>
public sealed record LeadProfile(string Email, string? JobTitle, string? Industry, int? CompanySize);

/// <summary>An activity as engagement sees it: its kind, when it happened and whether a task is done.</summary>
public sealed record EngagementEvent(string Kind, DateTimeOffset OccurredAt, bool Done);

public sealed record LeadScore(int Fit, int Engagement, int Total, string Rating, IReadOnlyList<ScoreFactor> Factors);

/// <summary>
/// Lead scoring: a fit score (company size, industry, job-title seniority, business or free-mail domain) and an
/// engagement score (activities, decaying with age) of 0–100 each, combined by the tenant's fit share into a
/// 0–100 total, rated hot, warm or cold by the tenant's thresholds. Pure functions of their inputs.
/// </summary>
public static partial class LeadScoring
{
    public const string FitGroup = "fit";
    public const string EngagementGroup = "engagement";

    private static readonly HashSet<string> FreeMailDomains =
    [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "hotmail.com", "hotmail.co.uk", "outlook.com",
        "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de",
        "gmx.net", "web.de", "mail.com", "mail.ru", "yandex.com", "yandex.ru", "zoho.com", "qq.com", "163.com", "126.com",
    ];

    private static readonly HashSet<string> DisposableDomains = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "tempmail.com", "yopmail.com"];

    public static LeadScore Score(LeadProfile lead, IEnumerable<EngagementEvent> activities, ScoringSettings settings, DateTimeOffset now)
    {
        var fit = FitFactors(lead, settings);
        var engagement = EngagementFactors(activities, settings, now);
        return Combine(fit, engagement, settings);
    }

    /// <summary>Combines fit factors (points of 100) and engagement factors (points of 100) into the total, with each
    /// factor scaled to its share of the total.</summary>
    public static LeadScore Combine(IReadOnlyList<ScoreFactor> fitFactors, IReadOnlyList<ScoreFactor> engagementFactors, ScoringSettings settings)
    {
        var fit = Clamp(fitFactors.Sum(f => f.Points));
        var engagementRaw = engagementFactors.Sum(f => f.Points);
        var engagement = Clamp(engagementRaw);
        var fitShare = Math.Clamp(settings.FitShare, 0, 1);
        var total = Clamp(fit * fitShare + engagement * (1 - fitShare));
        // Engagement is capped at 100; its factors are scaled down together so they still add up.
        var engagementScale = engagementRaw > 100 ? 100 / engagementRaw : 1;
        var factors = fitFactors.Select(f => f with { Points = Round(f.Points * fitShare), MaxPoints = Round(f.MaxPoints * fitShare) })
            .Concat(engagementFactors.Select(f => f with { Points = Round(f.Points * engagementScale * (1 - fitShare)), MaxPoints = Round(100 * (1 - fitShare)) }))
            .ToList();
        return new LeadScore(fit, engagement, total, RatingFor(total, settings), factors);
    }

    /// <summary>The fit factors of a lead scored earlier, from its stored factors (their unscaled points).</summary>
    public static IReadOnlyList<ScoreFactor> Unscale(IEnumerable<ScoreFactor> stored, string group, ScoringSettings settings)
    {
        var share = group == FitGroup ? Math.Clamp(settings.FitShare, 0, 1) : 1 - Math.Clamp(settings.FitShare, 0, 1);
        return stored.Where(f => f.Group == group)
            .Select(f => share <= 0 ? f with { Points = 0 } : f with { Points = f.Points / share, MaxPoints = group == FitGroup ? f.MaxPoints / share : 100 })
            .ToList();
    }

    public static string RatingFor(int score, ScoringSettings settings) =>
        score >= settings.HotThreshold ? "hot" : score >= settings.WarmThreshold ? "warm" : "cold";

    public static IReadOnlyList<ScoreFactor> FitFactors(LeadProfile lead, ScoringSettings settings)
    {
        var (sizeShare, sizeDetail) = CompanySize(lead.CompanySize);
        var (industryShare, industryDetail) = Industry(lead.Industry, settings.TargetIndustries);
        var (seniorityShare, seniorityDetail) = Seniority(lead.JobTitle);
        var (domainShare, domainDetail) = EmailDomain(lead.Email);
        return
        [
            Fit("company_size", "Company size", sizeDetail, sizeShare, settings.CompanySizeWeight),
            Fit("industry", "Industry", industryDetail, industryShare, settings.IndustryWeight),
            Fit("seniority", "Job title seniority", seniorityDetail, seniorityShare, settings.SeniorityWeight),
            Fit("email_domain", "Email domain", domainDetail, domainShare, settings.EmailDomainWeight),
        ];
    }

    /// <summary>One factor per activity kind that the lead has: its points decayed by age, summed.</summary>
    public static IReadOnlyList<ScoreFactor> EngagementFactors(IEnumerable<EngagementEvent> activities, ScoringSettings settings, DateTimeOffset now)
    {
        var halfLife = Math.Max(settings.HalfLifeDays, 0.1);
        return activities
            .Where(a => a.Kind != ActivityKinds.Task || a.Done)
            .GroupBy(a => a.Kind)
            .Select(g =>
            {
                var points = g.Sum(a => settings.PointsFor(a.Kind) * Decay(a.OccurredAt, now, halfLife));
                var latest = g.Max(a => a.OccurredAt);
                var label = ActivityKinds.Label(g.Key);
                var detail = $"{g.Count()} {(g.Count() == 1 ? label.ToLowerInvariant() : label.ToLowerInvariant() + "s")}, latest {Age(latest, now)}";
                return new ScoreFactor("activity_" + g.Key, EngagementGroup, label + "s", detail, Round(points), 100);
            })
            .OrderByDescending(f => f.Points)
            .ToList();
    }

    /// <summary>Half the points after one half-life, a quarter after two; future dates count in full.</summary>
    public static double Decay(DateTimeOffset occurredAt, DateTimeOffset now, double halfLifeDays)
    {
        var ageDays = Math.Max(0, (now - occurredAt).TotalDays);
        return Math.Pow(0.5, ageDays / halfLifeDays);
    }

    public static (double Share, string Detail) CompanySize(int? employees) => employees switch
    {
        null or <= 0 => (0, "Unknown"),
        <= 10 => (0.2, $"{employees} employees (1–10)"),
        <= 50 => (0.45, $"{employees} employees (11–50)"),
        <= 200 => (0.7, $"{employees} employees (51–200)"),
        <= 1000 => (0.9, $"{employees} employees (201–1,000)"),
        _ => (1, $"{employees:N0} employees (over 1,000)"),
    };

    public static (double Share, string Detail) Industry(string? industry, IReadOnlyCollection<string> targets)
    {
        if (string.IsNullOrWhiteSpace(industry))
        {
            return (0, "Unknown");
        }
        var key = industry.Trim().ToLowerInvariant();
        return targets.Count == 0 ? (0.5, $"{industry.Trim()} (no target industries set)")
            : targets.Contains(key) ? (1, $"{industry.Trim()} (a target industry)")
            : (0.3, $"{industry.Trim()} (not a target industry)");
    }

    public static (double Share, string Detail) Seniority(string? jobTitle)
    {
        if (string.IsNullOrWhiteSpace(jobTitle))
        {
            return (0, "Unknown");
        }
        var title = jobTitle.Trim();
        return title switch
        {
            _ when Junior().IsMatch(title) => (0.05, $"{title} (junior)"),
            _ when Executive().IsMatch(title) => (1, $"{title} (executive)"),
            _ when Director().IsMatch(title) => (0.8, $"{title} (director or VP)"),
            _ when Manager().IsMatch(title) => (0.55, $"{title} (manager)"),
            _ when Senior().IsMatch(title) => (0.35, $"{title} (senior individual contributor)"),
            _ => (0.15, $"{title} (individual contributor)"),
        };
    }

    public static (double Share, string Detail) EmailDomain(string email)
    {
        var at = email.LastIndexOf('@');
        var domain = at < 0 ? "" : email[(at + 1)..].Trim().ToLowerInvariant();
        if (domain.Length == 0)
        {
            return (0, "No domain");
        }
        if (DisposableDomains.Contains(domain))
        {
            return (0, $"{domain} (disposable address)");
        }
        return FreeMailDomains.Contains(domain) ? (0, $"{domain} (free email provider)") : (1, $"{domain} (business domain)");
    }

    private static ScoreFactor Fit(string key, string label, string detail, double share, int weight) =>
        new(key, FitGroup, label, detail, Round(share * weight), weight);

    private static string Age(DateTimeOffset at, DateTimeOffset now) => (now - at).TotalDays switch
    {
        < 1 => "today",
        < 2 => "yesterday",
        var days => $"{(int)days} days ago",
    };

    private static int Clamp(double value) => (int)Math.Round(Math.Clamp(value, 0, 100), MidpointRounding.AwayFromZero);

    private static double Round(double value) => Math.Round(value, 2);

    [GeneratedRegex(@"\b(intern|student|trainee|apprentice|assistant)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Junior();

    [GeneratedRegex(@"\b(ceo|cto|cfo|coo|cmo|cio|cro|chief|founder|co-founder|cofounder|owner|(?<!vice )president|partner|managing director)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Executive();

    [GeneratedRegex(@"\b(vp|svp|evp|vice president|director|head)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Director();

    [GeneratedRegex(@"\b(manager|lead|principal)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Manager();

    [GeneratedRegex(@"\b(senior|sr\.?|staff|specialist|consultant|architect)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Senior();
}
