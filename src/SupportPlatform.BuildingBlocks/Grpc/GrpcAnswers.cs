using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>gRPC answers written by middleware, before gRPC itself sees the request.</summary>
internal static class GrpcAnswers
{
    /// <summary>A trailers-only gRPC answer: the status, its message and the google.rpc.Status with its details.</summary>
    public static async Task RefuseAsync(HttpContext context, Google.Rpc.Status status)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
        await response.CompleteAsync();
    }
}
