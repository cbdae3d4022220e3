using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace SupportPlatform.Tests.Shared;

/// <summary>
/// Calls any RPC from its descriptor with raw request bytes, so a test can walk every RPC of a
/// service. A server-streaming RPC counts as accepted (OK) once it streams or keeps the call open
/// for a moment without an error.
/// </summary>
public static class RawCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    public sealed record Outcome(StatusCode Code, string? Reason, byte[] Response);

    public static async Task<Outcome> CallAsync(GrpcChannel channel, MethodDescriptor method, byte[] body, Metadata headers)
    {
        var invoker = channel.CreateCallInvoker();
        try
        {
            if (method.IsServerStreaming)
            {
                var streaming = new Method<byte[], byte[]>(MethodType.ServerStreaming, method.Service.FullName, method.Name, Bytes, Bytes);
                using var open = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
                using var call = invoker.AsyncServerStreamingCall(streaming, null, new CallOptions(headers, cancellationToken: open.Token), body);
                try
                {
                    await call.ResponseStream.MoveNext(open.Token);
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled && open.IsCancellationRequested)
                {
                    // Still open without an error: accepted.
                }
                return new Outcome(StatusCode.OK, null, []);
            }
            var unary = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Bytes, Bytes);
            var response = await invoker.AsyncUnaryCall(unary, null, new CallOptions(headers), body);
            return new Outcome(StatusCode.OK, null, response);
        }
        catch (RpcException exception)
        {
            return new Outcome(exception.StatusCode, exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason, []);
        }
    }
}
