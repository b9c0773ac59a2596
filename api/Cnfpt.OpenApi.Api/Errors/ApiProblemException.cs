namespace Cnfpt.OpenApi.Api.Errors;

/// <summary>
/// Thrown anywhere in a request to answer with an RFC 9457 problem. <see cref="Code"/> is stable and listed
/// in docs/errors.md; <see cref="Field"/> names the input at fault (a property, a query option, a header).
/// </summary>
public sealed class ApiProblemException : Exception
{
    public ApiProblemException(int status, string code, string detail, string? field = null, Exception? innerException = null)
        : base(detail, innerException)
    {
        Status = status;
        Code = code;
        Field = field;
    }

    public ApiProblemException()
        : this(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, "Unexpected error.")
    {
    }

    public ApiProblemException(string message)
        : this(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, message)
    {
    }

    public ApiProblemException(string message, Exception innerException)
        : this(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, message, null, innerException)
    {
    }

    public int Status { get; }

    public string Code { get; }

    public string? Field { get; }
}
