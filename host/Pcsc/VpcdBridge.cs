using System;
using System.Buffers.Binary;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using DualReader.Firmware.HostLink;

namespace DualReader.Host.Pcsc;

/// <summary>
/// Makes the device in DualReader's field a card in pcscd's "Virtual PCD" reader (vsmartcard's vpcd driver).
/// </summary>
/// <remarks>
/// vpcd protocol (vsmartcard, virtualsmartcard/src/vpcd/vpcd.c): vpcd listens on a TCP port (35963 by default,
/// CHANNELID 0x8C7B in /etc/reader.conf.d/vpcd) and the virtual card connects to it. Every message either way is a
/// 2-byte big-endian length and that many bytes. vpcd → card: 1-byte control codes 00 power off, 01 power on,
/// 02 reset (no answer to these three) and 04 "get ATR" (answered with the ATR), or a command APDU (answered with
/// the response APDU). vpcd asks for the ATR as its presence check, and takes a closed connection (or an empty ATR)
/// as "card removed".
///
/// So the bridge is connected exactly while a device is held in the reader's pass-through session: it connects when
/// the reader activates a device (card inserted), and closes the connection when the device leaves (card removed).
/// PC/SC power on and reset re-activate the device (field reset, WUPA, anticollision, SELECT, RATS: a contactless
/// card's cold start); power off leaves the field and the session as they are, so the device stays under the
/// presence check and a removal is still seen.
/// </remarks>
public sealed class VpcdBridge
{
    /// <summary>vpcd's default port (vsmartcard vpcd.h VPCDPORT; Debian's reader.conf CHANNELID 0x8C7B).</summary>
    public const int DefaultPort = 35963;

    /// <summary>How often the reader is asked for a device while none is held (ms).</summary>
    public const int SearchIntervalMilliseconds = 250;

    /// <summary>How often the device held is checked while pcscd is quiet (ms); well inside the reader's 2 s
    /// pass-through idle limit (ReaderApplication.PassThroughIdleMicroseconds).</summary>
    public const int PresenceIntervalMilliseconds = 500;

    /// <summary>Largest APDU one host-link pass-through command carries: a 1024-byte payload less the field header.</summary>
    public const int MaximumCommandLength = HostLinkProtocol.MaximumPayloadLength - 3;

    private const byte PowerOff = 0x00;
    private const byte PowerOn = 0x01;
    private const byte Reset = 0x02;
    private const byte GetAtr = 0x04;

    private readonly IPassThroughReader reader;
    private readonly string host;
    private readonly int port;
    private readonly TextWriter log;
    private Socket? connection;
    private PassThroughResponseRecord? held;
    private byte[] atr = Array.Empty<byte>();

    public VpcdBridge(IPassThroughReader reader, string host, int port, TextWriter log)
    {
        this.reader = reader;
        this.host = host;
        this.port = port;
        this.log = log;
    }

    /// <summary>Card insertions seen so far (tests wait for the first).</summary>
    public int Insertions { get; private set; }

    /// <summary>The ATR of the device held, or empty.</summary>
    public byte[] Atr => atr;

    /// <summary>
    /// Runs until <paramref name="cancellation"/> fires. Throws <see cref="VpcdUnreachableException"/> when vpcd does
    /// not accept a connection, and <see cref="ReaderSilentException"/> when the reader stops answering.
    /// </summary>
    public void Run(CancellationToken cancellation)
    {
        // Fail early and clearly when nothing listens (pcscd not running, vpcd not installed): a connection that
        // closes at once is seen by vpcd as a card that left, which is harmless.
        using (Connect())
        {
        }

        StatusRecord? status = reader.Status() ?? throw new ReaderSilentException(reader.Description);
        if (status.ConfigurationSummary != null && status.ConfigurationSummary.Contains("passthrough_raw=on", StringComparison.Ordinal))
        {
            log.WriteLine("pcsc: WARNING: the reader's passthrough_raw=on: PC/SC clients get card data unredacted (PAN, track 2, cryptograms, names)");
        }

        log.WriteLine($"pcsc: bridging {reader.Description} to vpcd at {host}:{port}; waiting for a card");
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (connection == null)
                {
                    Search(cancellation);
                }
                else
                {
                    Serve(cancellation);
                }
            }
        }
        finally
        {
            Disconnect();
            if (held != null)
            {
                reader.Session(PassThroughSessionAction.Close);
            }
        }
    }

    private void Search(CancellationToken cancellation)
    {
        PassThroughResponseRecord answer = reader.Session(PassThroughSessionAction.Open) ?? throw new ReaderSilentException(reader.Description);
        if (answer.Outcome is "activated" or "present")
        {
            Hold(answer);
            connection = Connect();
            Insertions++;
            log.WriteLine($"pcsc: card inserted: {Describe(answer)}, ATR {Convert.ToHexString(atr)}");
            return;
        }

        cancellation.WaitHandle.WaitOne(SearchIntervalMilliseconds);
    }

    private void Serve(CancellationToken cancellation)
    {
        Socket socket = connection!;
        bool readable;
        try
        {
            readable = socket.Poll(PresenceIntervalMilliseconds * 1000, SelectMode.SelectRead);
        }
        catch (SocketException)
        {
            readable = true;
        }

        if (cancellation.IsCancellationRequested)
        {
            return;
        }

        if (!readable)
        {
            CheckPresence();
            return;
        }

        byte[]? message = Receive(socket);
        if (message == null)
        {
            // vpcd closed the connection (pcscd stopped or restarted): connect again while the card is held.
            log.WriteLine("pcsc: vpcd closed the connection");
            Disconnect();
            return;
        }

        if (message.Length == 1)
        {
            Control(message[0]);
        }
        else if (message.Length > 1)
        {
            byte[]? response = Answer(message);
            if (response != null)
            {
                Send(response);
            }
        }
    }

    private void Control(byte code)
    {
        switch (code)
        {
            case PowerOn:
            case Reset:
                // PC/SC power-up and reset are a cold start; for a contactless card that is a field reset and a new
                // activation (ISO/IEC 14443-3 6.2 / 14443-4 5).
                PassThroughResponseRecord? answer = reader.Session(PassThroughSessionAction.Reset) ?? throw new ReaderSilentException(reader.Description);
                if (answer.Outcome == "activated")
                {
                    Hold(answer);
                    log.WriteLine($"pcsc: {(code == PowerOn ? "power on" : "reset")}: card re-activated");
                }
                else
                {
                    Removed();
                }

                break;
            case PowerOff:
                // Left as is on purpose (see the class remarks): the device stays under the presence check.
                log.WriteLine("pcsc: power off");
                break;
            case GetAtr:
                Send(atr);
                break;
            default:
                log.WriteLine($"pcsc: vpcd sent an unknown control code {code:X2}; ignored");
                break;
        }
    }

    /// <summary>The response to a command APDU, or null when the card went away (the connection is then closed).</summary>
    private byte[]? Answer(byte[] command)
    {
        if (command.Length >= 2 && command[0] == 0xFF)
        {
            byte[] local = PseudoApdu.Answer(command, held!);
            log.WriteLine($"pcsc: > {Convert.ToHexString(command)} (answered by the bridge) < {Convert.ToHexString(local)}");
            return local;
        }

        if (held!.Ats == null && held.Interface == ReaderInterface.Nfc)
        {
            // A storage card has no APDU layer; PC/SC Part 3 reaches it through CLA FF commands only.
            return StatusWord(0x6E, 0x00);
        }

        if (command.Length < 4)
        {
            return StatusWord(0x67, 0x00);
        }

        if (command.Length > MaximumCommandLength)
        {
            log.WriteLine($"pcsc: a {command.Length}-byte APDU does not fit one host-link frame (at most {MaximumCommandLength}); answered 6700");
            return StatusWord(0x67, 0x00);
        }

        PassThroughResponseRecord answer = reader.Transmit(command) ?? throw new ReaderSilentException(reader.Description);
        if (answer.Outcome == "ok" && answer.Response != null && answer.ResponseLength >= 2)
        {
            byte[] response = answer.Response[..answer.ResponseLength];
            log.WriteLine($"pcsc: > {LogText.Command(command)} < {LogText.Response(command, response)}");
            return response;
        }

        if (answer.Outcome == "record_refused")
        {
            log.WriteLine("pcsc: the card's answer does not fit one host-link frame; answered 6F00");
            return StatusWord(0x6F, 0x00);
        }

        // The exchange failed (the card left, stopped answering, broke the protocol): the reader closed the session.
        log.WriteLine($"pcsc: > {LogText.Command(command)}: {answer.Outcome}");
        Removed();
        return null;
    }

    private void CheckPresence()
    {
        PassThroughResponseRecord answer = reader.Session(PassThroughSessionAction.Open) ?? throw new ReaderSilentException(reader.Description);
        if (answer.Outcome == "present")
        {
            return;
        }

        // "activated": the reader had lost the session (its idle limit, an RF-SIM session limit) and activated the
        // device anew; the card's state is gone, so PC/SC must see a removal and a new insertion.
        Removed();
    }

    private void Removed()
    {
        log.WriteLine("pcsc: card removed");
        Disconnect();
        held = null;
        atr = Array.Empty<byte>();
    }

    private void Hold(PassThroughResponseRecord answer)
    {
        held = answer;
        atr = answer.Interface == ReaderInterface.RfSim ? ContactlessAtr.WithoutHistoricalBytes()
            : answer.Ats != null ? ContactlessAtr.ForIsoDep(answer.Ats[..answer.AtsLength])
            : ContactlessAtr.ForStorageCard(answer.Sak < 0 ? 0 : answer.Sak);
    }

    private static string Describe(PassThroughResponseRecord answer)
    {
        string uid = answer.Uid == null ? "" : " UID " + Convert.ToHexString(answer.Uid, 0, answer.UidLength);
        return answer.Interface == ReaderInterface.RfSim ? "RF-SIM peer" + uid
            : answer.Ats != null ? $"ISO/IEC 14443-4 card{uid} SAK {answer.Sak:X2} ATS {Convert.ToHexString(answer.Ats, 0, answer.AtsLength)}"
            : $"storage card{uid} SAK {answer.Sak:X2}";
    }

    private Socket Connect()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            socket.ConnectAsync(host, port, timeout.Token).AsTask().GetAwaiter().GetResult();
            return socket;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            string reason = exception is SocketException socketError ? socketError.Message : "timed out";
            throw new VpcdUnreachableException($"vpcd is not reachable at {host}:{port} ({reason}); is pcscd running with vsmartcard's vpcd driver?");
        }
    }

    private void Disconnect()
    {
        connection?.Dispose();
        connection = null;
    }

    private void Send(byte[] payload)
    {
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        try
        {
            connection!.Send(frame);
        }
        catch (SocketException)
        {
            log.WriteLine("pcsc: vpcd closed the connection");
            Disconnect();
        }
    }

    /// <summary>One vpcd message, or null when the connection closed.</summary>
    private static byte[]? Receive(Socket socket)
    {
        var header = new byte[2];
        if (!ReceiveExactly(socket, header))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        return ReceiveExactly(socket, payload) ? payload : null;
    }

    private static bool ReceiveExactly(Socket socket, byte[] buffer)
    {
        int position = 0;
        try
        {
            while (position < buffer.Length)
            {
                int count = socket.Receive(buffer, position, buffer.Length - position, SocketFlags.None);
                if (count == 0)
                {
                    return false;
                }

                position += count;
            }
        }
        catch (SocketException)
        {
            return false;
        }

        return true;
    }

    private static byte[] StatusWord(byte first, byte second) => new[] { first, second };
}

/// <summary>vpcd does not accept a connection (exit code <see cref="Commands.PcscCommand.VpcdUnreachable"/>).</summary>
public sealed class VpcdUnreachableException(string message) : Exception(message);

/// <summary>The reader did not answer a command in time (exit code <see cref="Commands.PcscCommand.ReaderSilent"/>).</summary>
public sealed class ReaderSilentException(string reader) : Exception($"the reader on {reader} did not answer in time; is it a DualReader with pass-through session support?");
