using System;
using DualReader.Firmware;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Board;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;

namespace DualReader.Host.Bench;

/// <summary>
/// The longest command the RF-SIM link carries (PROTOCOL.md 7.1: 261 bytes, a short APDU with Lc = 255 and Le) and a
/// 256-byte answer, one exchange of the firmware's <see cref="RfSimReader"/> with the reference peer on the simulated
/// 2.4 GHz air, no loss, with the bench's cost model. The EMV read sends no such command, so this runs the link
/// alone (discovery, then the exchange), not the reader application.
/// </summary>
public static class RfSimLongCommand
{
    public const int CommandBytes = RfSimProtocol.MaximumCommand;

    public const int ResponseBytes = 256;

    public static RfSimLongCommandFigures Measure(int spiCallOverheadMicroseconds)
    {
        var clock = new VirtualClock();
        var costs = new CostModel { SpiCallOverheadMicroseconds = spiCallOverheadMicroseconds };
        var ledger = new CostLedger();
        var medium = new AirMedium(ledger, 1);
        var radio = new SimulatedNrf24(clock, medium, costs, ledger);
        var reader = new RfSimReader(radio.Driver, clock, SimulatedReaderBoard.DemoPreSharedKey, SimulatedReaderBoard.ReaderIdentity, new SeededRandomSource(0x5EED));
        reader.Start();

        byte[] command = new byte[CommandBytes];
        command[1] = 0xD6; // UPDATE BINARY, Lc = 255, 255 data bytes, Le
        command[4] = 0xFF;
        for (int i = 0; i < 255; i++)
        {
            command[5 + i] = (byte)(i * 13 + 1);
        }

        byte[] answer = new byte[ResponseBytes];
        for (int i = 0; i < ResponseBytes - 2; i++)
        {
            answer[i] = (byte)(0xFF - i);
        }

        answer[ResponseBytes - 2] = 0x90;
        var device = new ScenarioDevice { Interface = DeviceInterface.RfSim, Uid = new byte[] { 0x52, 0x46, 0x53, 0x02 }, Near = true };
        // Matched on the whole command: one put together wrongly gets the default 6D00, and the outcome says so.
        device.AddApdu(new ApduRule(command, answer, BenchCards.ProcessingMicroseconds));
        var peer = new VirtualRfSim(device, clock, medium, costs, SimulatedReaderBoard.DemoPreSharedKey, 0);

        RfSimDiscoveryResult discovery = RfSimDiscoveryResult.NoPeer;
        for (int window = 0; window < 10 && discovery != RfSimDiscoveryResult.Attached; window++)
        {
            discovery = reader.Discover();
        }

        if (discovery != RfSimDiscoveryResult.Attached)
        {
            throw new InvalidOperationException("the RF-SIM peer was not found: " + discovery);
        }

        var response = new byte[1024];
        long start = clock.Now;
        int airBefore = medium.PacketsSent;
        ExchangeResult result = reader.Exchange(command, 0, command.Length, response, 0, response.Length, out int count);
        long elapsed = clock.Now - start;
        bool same = count == answer.Length && response.AsSpan(0, count).SequenceEqual(answer);

        var settings = RfSimProtocol.RadioSettings();
        int rate = settings.DataRate == Nrf24DataRate.Rate2Mbps ? 2_000_000 : settings.DataRate == Nrf24DataRate.Rate1Mbps ? 1_000_000 : 250_000;
        int commandOverhead = RfSimFrameCodec.SessionOverhead;
        int responseOverhead = RfSimFrameCodec.SessionOverhead;
        int commandFragments = Ceiling(CommandBytes, RfSimProtocol.CommandFragment);
        int responseFragments = Ceiling(ResponseBytes, RfSimProtocol.ResponseFragment);
        return new RfSimLongCommandFigures
        {
            Outcome = result == ExchangeResult.Ok ? (same ? "ok" : "wrong_response") : Snake(result.ToString()),
            CommandBytes = CommandBytes,
            ResponseBytes = ResponseBytes,
            ProcessingMicroseconds = BenchCards.ProcessingMicroseconds,
            RoundTripMicroseconds = elapsed,
            ReaderPackets = reader.LastExchangePackets,
            // PROTOCOL.md 7.3: one packet per command fragment, one PULL whose ack carries the WAIT, one per response fragment.
            MinimalPackets = commandFragments + 1 + responseFragments,
            PacketsOnAir = medium.PacketsSent - airBefore,
            LimitTransactions = commandFragments + responseFragments,
            LimitMicroseconds = BenchArithmetic.EsbRoundTripLimitMicroseconds(rate, settings.AddressWidth, settings.CrcLength, CommandBytes, ResponseBytes, commandOverhead, responseOverhead, commandOverhead, BenchCards.ProcessingMicroseconds),
            ApdusProcessed = peer.Peer.ApdusProcessed,
        };
    }

    private static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;

    private static string Snake(string name)
    {
        var text = new System.Text.StringBuilder();
        foreach (char c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}

/// <summary>What <see cref="RfSimLongCommand"/> measured.</summary>
public sealed class RfSimLongCommandFigures
{
    /// <summary>"ok", "wrong_response", or the exchange result in snake case (e.g. "transmission_error").</summary>
    public string Outcome { get; init; } = string.Empty;

    public int CommandBytes { get; init; }

    public int ResponseBytes { get; init; }

    public long ProcessingMicroseconds { get; init; }

    /// <summary>Modelled time of the exchange (first CMD to the last RESP fragment in).</summary>
    public long RoundTripMicroseconds { get; init; }

    /// <summary>Reader packets of the exchange (ESB retransmissions not counted).</summary>
    public int ReaderPackets { get; init; }

    /// <summary>Reader packets the protocol needs without loss (PROTOCOL.md 7.3).</summary>
    public int MinimalPackets { get; init; }

    /// <summary>Packets and acks on air during the exchange.</summary>
    public int PacketsOnAir { get; init; }

    /// <summary>ESB transactions the limit counts (each a packet and its ack).</summary>
    public int LimitTransactions { get; init; }

    /// <summary>The ESB packet-time limit with the link's framing (<see cref="BenchArithmetic.EsbRoundTripLimitMicroseconds"/>).</summary>
    public double LimitMicroseconds { get; init; }

    /// <summary>APDUs the peer's applet ran (1: the command was not run twice).</summary>
    public int ApdusProcessed { get; init; }

    public double Ratio => RoundTripMicroseconds / LimitMicroseconds;
}
