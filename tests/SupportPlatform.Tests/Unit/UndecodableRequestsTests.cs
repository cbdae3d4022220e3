using Google.Protobuf;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Tests.Unit;

/// <summary>The gRPC frame of a one-message request, judged before the RPC decodes it.</summary>
public sealed class UndecodableRequestsTests
{
    private static byte[] Frame(byte flag, uint length, byte[] message) =>
        [flag, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. message];

    [Fact]
    public void AFrameThatIsNotOneWholeMessage_IsNamed()
    {
        var message = new GetCaseRequest { CaseId = Guid.NewGuid().ToString() }.ToByteArray();
        var request = GetCaseRequest.Descriptor;

        Assert.Null(UndecodableRequests.Problem(Frame(0, (uint)message.Length, message), request));
        Assert.Null(UndecodableRequests.Problem(Frame(0, 0, []), request));
        Assert.Equal("there is no message", UndecodableRequests.Problem([], request));
        Assert.Equal("the message frame is truncated", UndecodableRequests.Problem([0, 0, 0], request));
        Assert.Equal("the message frame's compression flag is invalid", UndecodableRequests.Problem(Frame(7, (uint)message.Length, message), request));
        Assert.Equal("the message is truncated", UndecodableRequests.Problem(Frame(0, (uint)message.Length + 10, message), request));
        Assert.Equal("there is more than one message", UndecodableRequests.Problem([.. Frame(0, (uint)message.Length, message), .. Frame(0, 0, [])], request));
        // Compressed: gRPC decompresses and judges it.
        Assert.Null(UndecodableRequests.Problem(Frame(1, 3, [1, 2, 3]), request));
        Assert.NotNull(UndecodableRequests.Problem(Frame(0, 2, [0x0A, 0x20]), request));
    }
}
