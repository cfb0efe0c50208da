namespace BizOSaaS.Hosting.Orchestration;

/// <summary>The console output of one resource instance, kept as a bounded ring for the dashboard.</summary>
public sealed class ResourceLog(int capacity = 5000)
{
    private readonly Queue<LogLine> _lines = new();
    private long _next;

    public void Append(string stream, string text)
    {
        lock (_lines)
        {
            _lines.Enqueue(new LogLine(_next++, DateTimeOffset.UtcNow, stream, text));
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>Lines with a sequence number at or after <paramref name="after"/>, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<LogLine> Read(long after, int max = 1000)
    {
        lock (_lines)
        {
            return _lines.Where(l => l.Seq >= after).Take(max).ToList();
        }
    }
}

public sealed record LogLine(long Seq, DateTimeOffset Time, string Stream, string Text);
