using System.Diagnostics.CodeAnalysis;

namespace BizOSaaS.Ui.PlatformStatus;

/// <summary>Either the hub's status report or a sentence a person can read saying why there is none.</summary>
public sealed record PlatformStatusResult
{
    private PlatformStatusResult(PlatformStatusResponse? status, string? error)
    {
        Status = status;
        Error = error;
    }

    public PlatformStatusResponse? Status { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Status))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Status is not null;

    public static PlatformStatusResult Success(PlatformStatusResponse status) => new(status, null);

    public static PlatformStatusResult Failure(string error) => new(null, error);
}
