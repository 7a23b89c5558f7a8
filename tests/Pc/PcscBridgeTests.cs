#nullable enable
using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DualReader.Firmware.HostLink;
using DualReader.Host.Commands;
using DualReader.Host.Pcsc;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc;

/// <summary>
/// `dualreader pcsc`: the PC/SC Part 3 ATRs, the bridge's own CLA FF commands, the vpcd protocol against a stand-in
/// vpcd (always), and the whole chain against the real pcscd + vpcd with real PC/SC clients (scriptor, OpenSC's
/// opensc-tool, pyscard) where they are installed (.ci/run installs them; otherwise those tests say skipped).
/// </summary>
[TestClass]
public class PcscBridgeTests
{
    private const string SelectPpse = "00A404000E325041592E5359532E444446303100";
    private const string SelectDebit = "00A4040008A000000333010101";
    private const string ReadRecordWithPan = "00B2011400";
    private const string ReadRecordWithTrack2 = "00B2010C00";
    private const string Pan = "6212345678901234";

    [TestMethod]
    public void IsoDepAtrCarriesTheAtsHistoricalBytes()
    {
        // DESFire-style ATS (TL 06, T0 75: TA TB TC, historical byte 80): the ATR PC/SC readers report for it.
        Assert.AreEqual("3B8180018080", Convert.ToHexString(ContactlessAtr.ForIsoDep(Convert.FromHexString("067577810280"))));
        // A phone's ATS without historical bytes.
        Assert.AreEqual("3B80800101", Convert.ToHexString(ContactlessAtr.ForIsoDep(Convert.FromHexString("0578807002"))));
        // More than 15 historical bytes: T0 has room for 15.
        byte[] longAts = Convert.FromHexString("1402" + "000102030405060708090A0B0C0D0E0F1011");
        Assert.AreEqual(4 + 15 + 1, ContactlessAtr.ForIsoDep(longAts).Length);
        Assert.AreEqual("C1050F0C7B6A", Convert.ToHexString(ContactlessAtr.HistoricalBytes(Convert.FromHexString("0A688202C1050F0C7B6A"))));
    }

    [TestMethod]
    public void StorageCardAtrFollowsPcscPart3()
    {
        // MIFARE Classic 1K as PC/SC readers report it (PC/SC Part 3 3.1.3.2.3, card name 00 01).
        Assert.AreEqual("3B8F8001804F0CA000000306030001000000006A", Convert.ToHexString(ContactlessAtr.ForStorageCard(0x08)));
        Assert.AreEqual("3B8F8001804F0CA0000003060300020000000069", Convert.ToHexString(ContactlessAtr.ForStorageCard(0x18)));
        Assert.AreEqual(ContactlessAtr.CardNameMifareUltralight, ContactlessAtr.CardName(0x00));
        Assert.AreEqual(ContactlessAtr.CardNameUnknown, ContactlessAtr.CardName(0x20));
    }

    [TestMethod]
    public void GetDataPseudoApduAnswersUidAndHistoricalBytes()
    {
        var held = new PassThroughResponseRecord { Outcome = "activated", Interface = ReaderInterface.Nfc, Sak = 0x28 };
        held.SetIdentity(Convert.FromHexString("5A3C9E21"), 4, Convert.FromHexString("0400"), 0x28, Convert.FromHexString("067577810280"), 6);
        Assert.AreEqual("5A3C9E219000", Hex(PseudoApdu.Answer(Convert.FromHexString("FFCA000000"), held)));
        Assert.AreEqual("809000", Hex(PseudoApdu.Answer(Convert.FromHexString("FFCA010000"), held)));
        Assert.AreEqual("6C04", Hex(PseudoApdu.Answer(Convert.FromHexString("FFCA000002"), held)));
        Assert.AreEqual("5A3C9E216282", Hex(PseudoApdu.Answer(Convert.FromHexString("FFCA000008"), held)));
        Assert.AreEqual("6A81", Hex(PseudoApdu.Answer(Convert.FromHexString("FFCA020000"), held)));
        Assert.AreEqual("6D00", Hex(PseudoApdu.Answer(Convert.FromHexString("FFB0000010"), held)));
    }

    [TestMethod]
    public void BadArgumentsGiveOneLineAndExitCodeOne()
    {
        (int code, _, string error) = ToolRunner.Run("pcsc");
        Assert.AreEqual(1, code);
        Assert.Contains("exactly one of --port DEV and --scenario FILE", error);
        (code, _, error) = ToolRunner.Run("pcsc", "--scenario", Example("unionpay-balance.json"), "--vpcd", "localhost");
        Assert.AreEqual(1, code);
        Assert.Contains("is not HOST:PORT", error);
        (code, _, error) = ToolRunner.Run("pcsc", "--scenario", "/nonexistent/scenario.json");
        Assert.AreEqual(1, code);
        Assert.AreEqual(1, error.Trim().Split('\n').Length, error);
    }

    [TestMethod]
    public void UnreachableVpcdGivesOneLineAndExitCodeTwo()
    {
        int port = FreePort();
        (int code, _, string error) = ToolRunner.Run("pcsc", "--scenario", Example("unionpay-balance.json"), "--vpcd", "127.0.0.1:" + port);
        Assert.AreEqual(PcscCommand.VpcdUnreachable, code);
        Assert.AreEqual(1, error.Trim().Split('\n').Length, error);
        Assert.Contains("vpcd is not reachable at 127.0.0.1:" + port, error);
    }

    [TestMethod]
    public void BridgeSpeaksTheVpcdProtocolWithTheSimulatedCard()
    {
        using var vpcd = new StandInVpcd();
        using var bridge = BridgeRun.Start(vpcd.Port);
        vpcd.AcceptCard(TimeSpan.FromSeconds(20));

        Assert.AreEqual("3B8180018080", Hex(vpcd.Exchange(new byte[] { 0x04 })));
        vpcd.Control(0x01);
        Assert.AreEqual("3B8180018080", Hex(vpcd.Exchange(new byte[] { 0x04 })));
        string ppse = Hex(vpcd.Exchange(Convert.FromHexString(SelectPpse)));
        Assert.Contains("4F08A000000333010102", ppse);
        Assert.Contains("4F08A000000333010101", ppse);
        Assert.IsTrue(ppse.EndsWith("9000", StringComparison.Ordinal), ppse);
        Assert.IsTrue(Hex(vpcd.Exchange(Convert.FromHexString(SelectDebit))).EndsWith("9000", StringComparison.Ordinal));
        string record = Hex(vpcd.Exchange(Convert.FromHexString(ReadRecordWithPan)));
        Assert.Contains("5A08FFFFFFFFFFFFFFFF", record);
        Assert.DoesNotContains(Pan, record);
        Assert.Contains("5711" + new string('F', 34), Hex(vpcd.Exchange(Convert.FromHexString(ReadRecordWithTrack2))));
        Assert.AreEqual("5A3C9E219000", Hex(vpcd.Exchange(Convert.FromHexString("FFCA000000"))));
        // A response longer than the reader's FSD (64): chained by the card, whole for the client.
        string certificate = Hex(vpcd.Exchange(Convert.FromHexString("00B2021400")));
        Assert.IsTrue(certificate.Length / 2 > 150 && certificate.EndsWith("9000", StringComparison.Ordinal), certificate);
        // An extended-length command (Lc 00 01 2C: 300 bytes) chained to the card, which answers its default 6A88.
        byte[] extended = Convert.FromHexString("80E20000" + "00012C" + new string('A', 600) + "0000");
        Assert.AreEqual("6A88", Hex(vpcd.Exchange(extended)));
        // More than one host-link frame carries: answered by the bridge, nothing sent.
        Assert.AreEqual("6700", Hex(vpcd.Exchange(new byte[1100])));
        // Reset: a new activation; the card answers as after power-up.
        vpcd.Control(0x02);
        Assert.IsTrue(Hex(vpcd.Exchange(Convert.FromHexString(SelectPpse))).EndsWith("9000", StringComparison.Ordinal));

        (int code, string output) = bridge.Stop();
        Assert.AreEqual(0, code, output);
        Assert.Contains("card inserted: ISO/IEC 14443-4 card UID 5A3C9E21", output);
        Assert.DoesNotContains(Pan, output);
        Assert.DoesNotContains("62123456789", output);
    }

    [TestMethod]
    public void BridgeDrivesARealReaderOverATty()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.SkipTest("pseudo-terminals are POSIX");
        }

        // The firmware on the simulated board, paced to the wall clock, behind a pseudo-terminal: `--port` as with a board.
        using var reader = new TtyReader();
        using var vpcd = new StandInVpcd();
        var text = new StringWriter();
        TextWriter output = TextWriter.Synchronized(text);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<int> run = Task.Run(() => PcscCommand.Run(reader.SlavePath, null, "127.0.0.1:" + vpcd.Port, 115200, output, output, cancellation.Token));
        vpcd.AcceptCard(TimeSpan.FromSeconds(30));

        vpcd.Control(0x01);
        Assert.AreEqual("3B8180018080", Hex(vpcd.Exchange(new byte[] { 0x04 })));
        string ppse = Hex(vpcd.Exchange(Convert.FromHexString(SelectPpse)));
        Assert.Contains("4F08A000000333010101", ppse);
        Assert.IsTrue(ppse.EndsWith("9000", StringComparison.Ordinal), ppse);
        // Longer than the reader's 2 s pass-through idle limit: the bridge's presence checks keep the session.
        Thread.Sleep(2500);
        Assert.IsTrue(Hex(vpcd.Exchange(Convert.FromHexString(SelectDebit))).EndsWith("9000", StringComparison.Ordinal));
        string record = Hex(vpcd.Exchange(Convert.FromHexString(ReadRecordWithPan)));
        Assert.Contains("5A08FFFFFFFFFFFFFFFF", record);
        Assert.DoesNotContains(Pan, record);

        cancellation.Cancel();
        Assert.IsTrue(run.Wait(TimeSpan.FromSeconds(30)), "the bridge did not stop");
        Assert.AreEqual(0, run.Result, text.ToString());
        Assert.DoesNotContains("card removed", text.ToString());
        Assert.DoesNotContains(Pan, text.ToString());
    }

    [TestMethod]
    public void PassThroughRawIsAnnouncedAndTheBridgeLogStaysRedacted()
    {
        using var vpcd = new StandInVpcd();
        var scenario = DualReader.Host.Commands.SimCommand.Load(Example("unionpay-balance.json"), out _);
        using var reader = new SimulatedPassThroughReader(scenario, "raw test", TextWriter.Null);
        Assert.IsTrue(reader.Configure("passthrough_raw=on")!.Accepted);
        var output = new StringWriter();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var bridge = new VpcdBridge(reader, "127.0.0.1", vpcd.Port, TextWriter.Synchronized(output));
        Task run = Task.Run(() => bridge.Run(cancellation.Token));
        vpcd.AcceptCard(TimeSpan.FromSeconds(20));

        // The owner asked for raw answers: the client gets the PAN ...
        Assert.Contains("5A08" + Pan, Hex(vpcd.Exchange(Convert.FromHexString(ReadRecordWithPan))));
        cancellation.Cancel();
        Assert.IsTrue(run.Wait(TimeSpan.FromSeconds(20)));
        // ... the bridge says so when it starts, and its own log still shows the PAN as FF.
        string log = output.ToString();
        Assert.Contains("WARNING: the reader's passthrough_raw=on", log);
        Assert.Contains("5A08FFFFFFFFFFFFFFFF", log);
        Assert.DoesNotContains(Pan, log);
        Assert.Contains("passthrough_raw=on", reader.Status()!.ConfigurationSummary);
    }

    [TestMethod]
    public void CardLeavingTheFieldClosesTheVpcdConnection()
    {
        using var vpcd = new StandInVpcd();
        var reader = new ScriptedReader();
        var output = new StringWriter();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var bridge = new VpcdBridge(reader, "127.0.0.1", vpcd.Port, TextWriter.Synchronized(output));
        Task run = Task.Run(() => bridge.Run(cancellation.Token));
        vpcd.AcceptCard(TimeSpan.FromSeconds(10));
        Assert.AreEqual("3B8180018080", Hex(vpcd.Exchange(new byte[] { 0x04 })));

        // The reader's presence check now finds nothing: vpcd's next read sees the connection closed (card removed).
        reader.Present = false;
        Assert.IsTrue(vpcd.WaitForClose(TimeSpan.FromSeconds(10)), output.ToString());
        cancellation.Cancel();
        run.Wait(TimeSpan.FromSeconds(10));
        Assert.Contains("card removed", output.ToString());
    }

    [TestMethod]
    public void ScriptorSeesTheSimulatedCardThroughPcscd()
    {
        using PcscDaemon daemon = PcscDaemon.StartOrSkip("scriptor");
        using var bridge = BridgeRun.Start(daemon.VpcdPort);
        bridge.WaitForCard(daemon);
        string script = Path.Combine(daemon.Directory, "script");
        File.WriteAllText(script, string.Join("\n", SelectPpse, SelectDebit, ReadRecordWithPan, ReadRecordWithTrack2) + "\n");

        (int code, string transcript) = ExternalTool.Run(TimeSpan.FromSeconds(30), "scriptor", "-r", PcscDaemon.ReaderName, script);
        OutputHelper.WriteLine(transcript);
        Assert.AreEqual(0, code, transcript + daemon.Log);
        string flat = transcript.Replace(" ", "").Replace("\n", "");
        Assert.Contains("UsingT=1protocol", flat);
        // SELECT PPSE lists both applications (4F) and ends 90 00.
        Assert.Contains("4F08A000000333010102", flat);
        Assert.Contains("4F08A000000333010101", flat);
        Assert.Contains("9000:Normalprocessing", flat);
        // READ RECORD: PAN (5A), track 2 (57) and the name (5F20) arrive as FF, same length.
        Assert.Contains("5A08FFFFFFFFFFFFFFFF5F2403251231", flat);
        Assert.Contains("5711" + new string('F', 34) + "5F2009" + new string('F', 18), flat);
        Assert.DoesNotContains(Pan, flat);
        Assert.DoesNotContains("621234567890", flat);
        Assert.DoesNotContains(Pan, bridge.Output);
    }

    [TestMethod]
    public void OpenscToolSeesTheSimulatedCardThroughPcscd()
    {
        using PcscDaemon daemon = PcscDaemon.StartOrSkip("opensc-tool");
        using var bridge = BridgeRun.Start(daemon.VpcdPort);
        bridge.WaitForCard(daemon);

        (int code, string transcript) = ExternalTool.Run(TimeSpan.FromSeconds(30), "opensc-tool", "--reader", "0", "--atr", "-s", SelectPpse, "-s", ReadRecordWithPan);
        OutputHelper.WriteLine(transcript);
        Assert.AreEqual(0, code, transcript + daemon.Log);
        Assert.Contains("3b:81:80:01:80:80", transcript);
        string flat = transcript.Replace(" ", "");
        Assert.Contains("Received(SW1=0x90,SW2=0x00)", flat);
        Assert.Contains("5A08FFFFFFFFFFFFFFFF", flat);
        Assert.DoesNotContains("62123456", flat);
    }

    [TestMethod]
    public void PyscardSeesTheSimulatedCardThroughPcscd()
    {
        string? python = new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(candidate => ExternalTool.Run(TimeSpan.FromSeconds(20), candidate, "-c", "import smartcard").Code == 0);
        if (python == null)
        {
            Assert.SkipTest("pyscard (python3-pyscard) is not installed (.ci/run installs it)");
        }

        using PcscDaemon daemon = PcscDaemon.StartOrSkip(null);
        using var bridge = BridgeRun.Start(daemon.VpcdPort);
        bridge.WaitForCard(daemon);
        string program = string.Join("\n",
            "from smartcard.System import readers",
            $"reader = [r for r in readers() if str(r).startswith('{PcscDaemon.ReaderName}')][0]",
            "connection = reader.createConnection()",
            "connection.connect()",
            "print('ATR', bytes(connection.getATR()).hex().upper())",
            $"for apdu in ['{SelectPpse}', '{SelectDebit}', '{ReadRecordWithPan}', 'FFCA000000']:",
            "    data, sw1, sw2 = connection.transmit(list(bytes.fromhex(apdu)))",
            "    print('R', (bytes(data) + bytes([sw1, sw2])).hex().upper())");
        (int code, string transcript) = ExternalTool.Run(TimeSpan.FromSeconds(30), python!, "-c", program);
        OutputHelper.WriteLine(transcript);
        Assert.AreEqual(0, code, transcript + daemon.Log);
        string[] lines = transcript.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("ATR 3B8180018080", lines[0]);
        Assert.Contains("4F08A000000333010101", lines[1]);
        Assert.IsTrue(lines[1].EndsWith("9000", StringComparison.Ordinal), lines[1]);
        Assert.IsTrue(lines[2].EndsWith("9000", StringComparison.Ordinal), lines[2]);
        Assert.Contains("5A08FFFFFFFFFFFFFFFF", lines[3]);
        Assert.AreEqual("R 5A3C9E219000", lines[4]);
        Assert.DoesNotContains(Pan, transcript);
    }

    private static string Hex(byte[]? bytes) => bytes == null ? "(closed)" : Convert.ToHexString(bytes);

    internal static string Example(string name)
    {
        string? directory = AppContext.BaseDirectory;
        while (directory != null && !File.Exists(Path.Combine(directory, "DualReader.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        Assert.IsNotNull(directory);
        return Path.Combine(directory!, "examples", name);
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>`dualreader pcsc --scenario examples/unionpay-balance.json` in-process, on a task of its own.</summary>
    private sealed class BridgeRun : IDisposable
    {
        private readonly CancellationTokenSource cancellation = new(TimeSpan.FromMinutes(2));
        private readonly StringWriter text = new();
        private readonly TextWriter output;
        private readonly Task<int> run;
        private VpcdBridge? bridge;

        private BridgeRun(int port)
        {
            output = TextWriter.Synchronized(text);
            run = Task.Run(() => PcscCommand.Run(null, Example("unionpay-balance.json"), "127.0.0.1:" + port, 115200, output, output, cancellation.Token,
                (created, _) => bridge = created));
        }

        public string Output => text.ToString();

        public static BridgeRun Start(int port) => new(port);

        /// <summary>Waits until the bridge has connected its card to vpcd and pcscd lists it as present.</summary>
        public void WaitForCard(PcscDaemon daemon)
        {
            var clock = Stopwatch.StartNew();
            while ((bridge == null || bridge.Insertions == 0) && !run.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Sleep(50);
            }

            Assert.IsTrue(bridge != null && bridge.Insertions > 0, "the bridge did not present the card: " + Output + daemon.Log);
            // pcscd polls its readers every 400 ms (PCSCLITE_STATUS_POLL_RATE): give it time to notice the card.
            Thread.Sleep(1500);
        }

        public (int Code, string Output) Stop()
        {
            cancellation.Cancel();
            Assert.IsTrue(run.Wait(TimeSpan.FromSeconds(20)), "the bridge did not stop");
            return (run.Result, Output);
        }

        public void Dispose()
        {
            cancellation.Cancel();
            run.Wait(TimeSpan.FromSeconds(20));
            cancellation.Dispose();
        }
    }

    /// <summary>A stand-in for vpcd: listens on a loopback port and talks to the card that connects.</summary>
    private sealed class StandInVpcd : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private Socket? card;

        public StandInVpcd()
        {
            listener.Start();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        /// <summary>Accepts the card's connection (the bridge's reachability probe connects and closes first).</summary>
        public void AcceptCard(TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < timeout)
            {
                Task<Socket> accept = listener.AcceptSocketAsync();
                if (!accept.Wait(timeout - clock.Elapsed))
                {
                    break;
                }

                card = accept.Result;
                card.ReceiveTimeout = 15000;
                if (Exchange(new byte[] { 0x04 }) != null)
                {
                    return;
                }

                card.Dispose();
            }

            Assert.IsTrue(false, "no card connected to the stand-in vpcd");
        }

        public void Control(byte code) => Send(new[] { code });

        /// <summary>Sends a message and reads the answer; null when the card closed the connection.</summary>
        public byte[]? Exchange(byte[] payload)
        {
            Send(payload);
            var header = new byte[2];
            if (!Read(header))
            {
                return null;
            }

            var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
            return Read(answer) ? answer : null;
        }

        /// <summary>True when the card closes the connection within <paramref name="timeout"/>.</summary>
        public bool WaitForClose(TimeSpan timeout)
        {
            card!.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            try
            {
                return card.Receive(new byte[1]) == 0;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private void Send(byte[] payload)
        {
            var frame = new byte[payload.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
            payload.CopyTo(frame, 2);
            try
            {
                card!.Send(frame);
            }
            catch (SocketException)
            {
            }
        }

        private bool Read(byte[] buffer)
        {
            int position = 0;
            try
            {
                while (position < buffer.Length)
                {
                    int count = card!.Receive(buffer, position, buffer.Length - position, SocketFlags.None);
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

        public void Dispose()
        {
            card?.Dispose();
            listener.Stop();
        }
    }

    /// <summary>
    /// The reader's firmware on the simulated board with the UnionPay card in its field, behind a pseudo-terminal: its
    /// UART bytes go to the master side, the master's bytes come in as host commands, and the virtual clock is paced
    /// to the wall clock so that the reader's idle limits mean what they mean on a board.
    /// </summary>
    private sealed class TtyReader : IDisposable, DualReader.Sim.Board.IUartSink
    {
        private readonly PseudoTerminal master;
        private readonly DualReader.Host.Serial.SerialLink keepOpen;
        private readonly Thread thread;
        private volatile bool stop;

        public TtyReader()
        {
            master = PseudoTerminal.Open();
            string slavePath = master.SlavePath;
            SlavePath = slavePath;
            keepOpen = DualReader.Host.Serial.SerialLink.Open(slavePath, 115200);
            var scenario = new DualReader.Sim.Scenarios.Scenario { DurationMicroseconds = long.MaxValue };
            scenario.AddDevice(DualReader.Tests.Support.ReaderBench.At(DualReader.Sim.Nfc.SampleCards.UnionPayDualApplication(), 0, -1));
            var board = new DualReader.Sim.Board.SimulatedReaderBoard(scenario);
            // The PC tool on the other end of the tty is the host; the board's own simulated host stays out of it.
            board.Host.Acknowledges = false;
            board.Host.Listening = false;
            board.Uart.Sink = this;
            thread = new Thread(() =>
            {
                var buffer = new byte[1024];
                var wall = Stopwatch.StartNew();
                board.Start();
                while (!stop)
                {
                    int read = master.Read(buffer, 0, buffer.Length, 0);
                    if (read > 0)
                    {
                        board.Uart.Inject(buffer, 0, read, board.Clock.Now);
                    }

                    board.Reader.RunCycle();
                    long ahead = board.Clock.Now / 1000 - wall.ElapsedMilliseconds;
                    if (ahead > 0)
                    {
                        Thread.Sleep((int)Math.Min(ahead, 20));
                    }
                }
            }) { IsBackground = true };
            thread.Start();
        }

        public string SlavePath { get; }

        public void Write(byte[] buffer, int offset, int count) => master.Write(buffer, offset, count);

        public void Dispose()
        {
            stop = true;
            thread.Join(10000);
            keepOpen.Dispose();
            master.Dispose();
        }
    }

    /// <summary>A reader whose device is present until the test says otherwise.</summary>
    private sealed class ScriptedReader : IPassThroughReader
    {
        private bool held;

        public volatile bool Present = true;

        public string Description => "scripted reader";

        public PassThroughResponseRecord? Session(PassThroughSessionAction action)
        {
            if (action == PassThroughSessionAction.Close || !Present)
            {
                held = false;
                return new PassThroughResponseRecord { Outcome = Present ? "closed" : "no_device" };
            }

            var answer = new PassThroughResponseRecord { Outcome = held && action == PassThroughSessionAction.Open ? "present" : "activated", Interface = ReaderInterface.Nfc };
            answer.SetIdentity(Convert.FromHexString("01020304"), 4, Convert.FromHexString("0400"), 0x20, Convert.FromHexString("067577810280"), 6);
            held = true;
            return answer;
        }

        public PassThroughResponseRecord? Transmit(byte[] apdu) => new() { Outcome = Present ? "ok" : "no_response", Response = Present ? new byte[] { 0x90, 0x00 } : null, ResponseLength = Present ? 2 : 0 };

        public StatusRecord? Status() => new() { ConfigurationSummary = "trace=off" };

        public void Dispose()
        {
        }
    }

    private static class ExternalTool
    {
        /// <summary>Runs a tool with a time limit; stdout and stderr together.</summary>
        public static (int Code, string Output) Run(TimeSpan limit, string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return (-1, file + " not found");
            }

            using (process)
            {
                process.StandardInput.Close();
                Task<string> output = process.StandardOutput.ReadToEndAsync();
                Task<string> error = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)limit.TotalMilliseconds))
                {
                    process.Kill(true);
                    process.WaitForExit();
                    return (-1, file + " did not finish within " + limit + ": " + output.Result + error.Result);
                }

                return (process.ExitCode, output.Result + error.Result);
            }
        }
    }

    /// <summary>
    /// A pcscd owned by the test: foreground (-f), its own reader.conf.d (-c) holding only a vpcd reader on a free
    /// loopback-tested port, stopped with SIGTERM (pcscd then removes /run/pcscd) and killed if it lingers. pcsc-lite
    /// 1.9.9's daemon always uses /run/pcscd/pcscd.comm, so a test cannot run beside another pcscd: it then says
    /// skipped. vpcd listens on the port for every interface (vsmartcard's server socket), for the test's few seconds.
    /// </summary>
    internal sealed class PcscDaemon : IDisposable
    {
        public const string ReaderName = "Virtual PCD 00 00";
        private const string Socket = "/run/pcscd/pcscd.comm";
        private const string VpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";

        private readonly Process process;
        private readonly StringBuilder log = new();

        private PcscDaemon(Process process, string directory, int port)
        {
            this.process = process;
            Directory = directory;
            VpcdPort = port;
        }

        public string Directory { get; }

        public int VpcdPort { get; }

        public string Log
        {
            get
            {
                lock (log)
                {
                    return "\npcscd log:\n" + log;
                }
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);

        [DllImport("libc")]
        private static extern uint geteuid();

        /// <summary>Starts pcscd with a vpcd reader, or marks the test skipped saying what is missing.</summary>
        public static PcscDaemon StartOrSkip(string? client)
        {
            string? pcscd = new[] { "/usr/sbin/pcscd", "/usr/bin/pcscd" }.FirstOrDefault(File.Exists);
            if (!OperatingSystem.IsLinux() || pcscd == null || !File.Exists(VpcdDriver))
            {
                Assert.SkipTest("pcscd and vsmartcard's vpcd are not installed (Debian: pcscd vsmartcard-vpcd; .ci/run installs them)");
            }

            if (client != null && ExternalTool.Run(TimeSpan.FromSeconds(20), "which", client).Code != 0)
            {
                Assert.SkipTest(client + " is not installed (.ci/run installs pcsc-tools and opensc)");
            }

            if (geteuid() != 0)
            {
                Assert.SkipTest("pcscd needs root to create /run/pcscd (CI runs as root)");
            }

            if (File.Exists(Socket) && SocketAnswers())
            {
                Assert.SkipTest("another pcscd is running (" + Socket + "); this test starts and stops its own");
            }

            // vpcd opens two readers, on CHANNELID and CHANNELID + 1: both ports must be free.
            int port = FreePort();
            while (!PortFree(port + 1))
            {
                port = FreePort();
            }

            string directory = Path.Combine(Path.GetTempPath(), "dualreader-pcscd-" + Guid.NewGuid().ToString("N"));
            string configuration = Path.Combine(directory, "reader.conf.d");
            System.IO.Directory.CreateDirectory(configuration);
            File.WriteAllText(Path.Combine(configuration, "vpcd"), string.Join("\n",
                "FRIENDLYNAME \"Virtual PCD\"",
                "DEVICENAME   /dev/null:0x" + port.ToString("X4"),
                "LIBPATH      " + VpcdDriver,
                "CHANNELID    0x" + port.ToString("X4"),
                ""));
            var start = new ProcessStartInfo(pcscd!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { "--foreground", "--apdu", "--info", "--config", configuration })
            {
                start.ArgumentList.Add(arg);
            }

            var daemon = new PcscDaemon(Process.Start(start)!, directory, port);
            daemon.process.OutputDataReceived += (_, line) => daemon.Append(line.Data);
            daemon.process.ErrorDataReceived += (_, line) => daemon.Append(line.Data);
            daemon.process.BeginOutputReadLine();
            daemon.process.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(15) && !daemon.process.HasExited && !(File.Exists(Socket) && PortListens(port)))
            {
                Thread.Sleep(100);
            }

            if (daemon.process.HasExited || !PortListens(port))
            {
                string why = daemon.Log;
                daemon.Dispose();
                Assert.IsTrue(false, "pcscd did not start with the vpcd reader:" + why);
            }

            return daemon;
        }

        private void Append(string? line)
        {
            if (line != null)
            {
                lock (log)
                {
                    log.AppendLine(line);
                }
            }
        }

        private static bool SocketAnswers()
        {
            try
            {
                using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(Socket));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static bool PortFree(int port)
        {
            try
            {
                var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
                listener.Stop();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static bool PortListens(int port)
        {
            try
            {
                // vpcd takes this connection as a card that left at once (its presence check reads end of stream).
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                kill(process.Id, 15);
                if (!process.WaitForExit(10000))
                {
                    process.Kill();
                    process.WaitForExit();
                }
            }

            process.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, true);
            }
            catch (IOException)
            {
            }
        }
    }
}
