namespace BizOSaaS.Crm.Data;

/// <summary>The system clock at PostgreSQL's precision (microseconds), so a time the crm answers with is the time
/// a later read of the same row returns.</summary>
public sealed class DatabaseClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = System.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }
}
