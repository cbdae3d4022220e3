using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Cases.V1;

namespace SupportPlatform.Tests.Unit;

/// <summary>The gRPC frame of a one-message request, judged before the RPC decodes it.</summary>
public sealed class UndecodableRequestsTests
{
    private static byte[] Frame(byte flag, uint length, byte[] message) =>
        [flag, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. message];

    private static string? Problem(byte[] body, Google.Protobuf.Reflection.MessageDescriptor request) =>
        UndecodableRequests.Problem(new ReadOnlySequence<byte>(body), request);

    /// <summary>The body as it may arrive: in two pieces, split after <paramref name="at"/> bytes.</summary>
    private static ReadOnlySequence<byte> Split(byte[] body, int at)
    {
        var first = new Piece(body[..at]);
        var last = first.Append(body[at..]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        public Piece(byte[] bytes) => Memory = bytes;

        public Piece Append(byte[] bytes)
        {
            var next = new Piece(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }

    [Fact]
    public void AFrameThatIsNotOneWholeMessage_IsNamed()
    {
        var message = new GetCaseRequest { CaseId = Guid.NewGuid().ToString() }.ToByteArray();
        var request = GetCaseRequest.Descriptor;

        Assert.Null(Problem(Frame(0, (uint)message.Length, message), request));
        Assert.Null(Problem(Frame(0, 0, []), request));
        Assert.Equal("there is no message", Problem([], request));
        Assert.Equal("the message frame is truncated", Problem([0, 0, 0], request));
        Assert.Equal("the message frame's compression flag is invalid", Problem(Frame(7, (uint)message.Length, message), request));
        Assert.Equal("the message is truncated", Problem(Frame(0, (uint)message.Length + 10, message), request));
        Assert.Equal("there is more than one message", Problem([.. Frame(0, (uint)message.Length, message), .. Frame(0, 0, [])], request));
        // Compressed: gRPC decompresses and judges it.
        Assert.Null(Problem(Frame(1, 3, [1, 2, 3]), request));
        Assert.NotNull(Problem(Frame(0, 2, [0x0A, 0x20]), request));
    }

    [Fact]
    public void ABodyThatArrivedInPieces_IsJudgedAsAWhole_WhereverItIsSplit()
    {
        var message = new GetCaseRequest { CaseId = Guid.NewGuid().ToString() }.ToByteArray();
        var request = GetCaseRequest.Descriptor;
        var frame = Frame(0, (uint)message.Length, message);
        var truncated = Frame(0, (uint)message.Length + 10, message);

        for (var at = 0; at <= frame.Length; at++)
        {
            Assert.Null(UndecodableRequests.Problem(Split(frame, at), request));
            Assert.Equal("the message is truncated", UndecodableRequests.Problem(Split(truncated, at), request));
        }
        Assert.Equal("the message frame's compression flag is invalid", UndecodableRequests.Problem(Split(Frame(7, (uint)message.Length, message), 2), request));
    }

    [Fact]
    public async Task ABodyStillArriving_IsExaminedInPlace_AndGrpcReadsItWholeAfterwards()
    {
        var message = new GetCaseRequest { CaseId = Guid.NewGuid().ToString() }.ToByteArray();
        var frame = Frame(0, (uint)message.Length, message);
        var pipe = new Pipe();

        // Part of the body has come: the examination reads it and waits for the rest.
        await pipe.Writer.WriteAsync(frame.AsMemory(0, 9));
        var examining = UndecodableRequests.ExamineAsync(pipe.Reader, 1024, GetCaseRequest.Descriptor, CancellationToken.None);
        Assert.False(examining.IsCompleted);
        await pipe.Writer.WriteAsync(frame.AsMemory(9));
        await pipe.Writer.CompleteAsync();

        Assert.Equal(new UndecodableRequests.Examined(false, null, null), await examining);
        var read = await pipe.Reader.ReadAsync();
        Assert.True(read.IsCompleted);
        Assert.Equal(frame, read.Buffer.ToArray());
    }

    [Fact]
    public async Task ABodyOverThePeekLimit_IsCopiedAsItArrives_AndOneAnnouncingOverTheLimitIsRefusedBeforeTheRest()
    {
        var message = new byte[UndecodableRequests.PeekLimit * 2];
        message[0] = 0x0A; // field 1, length-delimited: its length (a varint), then the bytes.
        var length = message.Length - 4;
        (message[1], message[2], message[3]) = ((byte)(length & 0x7F | 0x80), (byte)(length >> 7 & 0x7F | 0x80), (byte)(length >> 14));
        var frame = Frame(0, (uint)message.Length, message);
        // A pipe stops its writer at 64 KiB not yet examined, as HTTP/2 flow control stops a client.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: UndecodableRequests.PeekLimit, resumeWriterThreshold: UndecodableRequests.PeekLimit / 2));

        var examining = UndecodableRequests.ExamineAsync(pipe.Reader, frame.Length, GetCaseRequest.Descriptor, CancellationToken.None);
        for (var offset = 0; offset < frame.Length; offset += 4096)
        {
            await pipe.Writer.WriteAsync(frame.AsMemory(offset, Math.Min(4096, frame.Length - offset)));
        }
        await pipe.Writer.CompleteAsync();

        var examined = await examining;
        Assert.Equal((false, null), (examined.TooLarge, examined.Problem));
        Assert.Equal(frame, examined.Copy!.ToArray());
        Assert.True(pipe.Reader.TryRead(out var rest) && rest.IsCompleted && rest.Buffer.IsEmpty);

        var announcing = new Pipe();
        await announcing.Writer.WriteAsync(Frame(0, 2_000, new byte[10]));
        Assert.Equal(new UndecodableRequests.Examined(true, null, null),
            await UndecodableRequests.ExamineAsync(announcing.Reader, 1024, GetCaseRequest.Descriptor, CancellationToken.None));
    }
}
