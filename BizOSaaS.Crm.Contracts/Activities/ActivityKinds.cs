namespace BizOSaaS.Crm.Contracts;

/// <summary>What an activity can be: the values <see cref="ActivityRequest.Kind"/> accepts.</summary>
public static class ActivityKinds
{
    public const string Note = "note";
    public const string Call = "call";
    public const string Email = "email";
    public const string Meeting = "meeting";
    public const string Task = "task";

    public static readonly IReadOnlyList<string> All = [Note, Call, Email, Meeting, Task];

    /// <summary>Kinds that count as contacting the person (they set the lead's last-contacted time).</summary>
    public static bool IsContact(string kind) => kind is Call or Email or Meeting;

    public static string Label(string kind) => kind switch
    {
        Note => "Note",
        Call => "Call",
        Email => "Email",
        Meeting => "Meeting",
        Task => "Task",
        _ => kind,
    };
}
