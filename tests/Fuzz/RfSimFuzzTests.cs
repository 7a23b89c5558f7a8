using System;
using DualReader.Firmware;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// The RF-SIM link under attack, at both ends. Every packet and ack on the simulated air passes a hostile
    /// <see cref="AirMedium.Filter"/> that drops, randomises, truncates, replays, reorders or forges it; packets are
    /// also lost at random; the peer's applet answers with random lengths (up to past the link's bound) and random
    /// processing times (WAIT storms); random payloads of any reported width are put straight into the peer's RX
    /// FIFO. Properties: no exception; every discovery and exchange ends with a defined outcome within its bound on
    /// the virtual clock; an Ok exchange returns exactly the applet's bytes (nothing forged gets through); when the
    /// attack ends a new session is opened and an exchange succeeds.
    /// </summary>
    [TestClass]
    public class RfSimFuzzTests
    {
        private const uint TargetAir = 40;
        private const uint TargetPeerFifo = 41;
        private const uint TargetLossOnly = 42;

        /// <summary>One beacon window: the slot delay plus five ESB transactions, with margin (virtual µs).</summary>
        private const long DiscoveryBoundMicroseconds = 100000;

        /// <summary>The exchange limit plus one loop step (a send and the longest WAIT the peer can ask for).</summary>
        private const long ExchangeBoundMicroseconds = RfSimReader.ExchangeLimitMicroseconds + 40000;

        [TestMethod]
        public void FuzzLinkPacketsUnderAttack()
        {
            int cases = FuzzSettings.Cases(5000);
            int[] discoveries = new int[6];
            int[] exchanges = new int[10];
            int[] lossOnlyDiscoveries = new int[6];
            int[] lossOnlyExchanges = new int[10];
            int lossOnlyCases = 0;
            int stale = 0;
            int lossOnlyStale = 0;
            int tampered = 0;
            long packets = 0;
            long lost = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetAir, index));
                string where = FuzzSettings.Describe(random, index);
                RfSimBench bench = new RfSimBench(random.NextUInt(), random.Chance(50) ? 0 : random.Between(1, 30));
                byte[][] answers = new byte[3][];
                ScenarioDevice device = HostileDevice(random, (byte)index, answers);
                VirtualRfSim peer = bench.AddPeer(device);
                int attackPercent = random.Chance(20) ? 0 : random.Between(1, 25);
                Attacker attacker = new Attacker(random, attackPercent);
                bench.Medium.Filter = attacker.Tamper;

                // Without an attacker the air only loses packets: SecurityError must never be reported then (a stale
                // ATTACH after a lost BEACON is an empty slot, PROTOCOL.md 5; a lost frame is retried, not forged).
                bool lossOnly = attackPercent == 0;
                if (lossOnly)
                {
                    lossOnlyCases++;
                }

                for (int round = 0; round < 3; round++)
                {
                    long start = bench.Clock.Now;
                    RfSimDiscoveryResult discovery = bench.Reader.Discover();
                    Assert.IsTrue((int)discovery >= 0 && (int)discovery <= (int)RfSimDiscoveryResult.ChipError, where + ": discovery " + (int)discovery);
                    Assert.IsTrue(bench.Clock.Now - start <= DiscoveryBoundMicroseconds, where + ": discovery took " + (bench.Clock.Now - start) + " us");
                    EnumAssert.AreNotEqual(RfSimDiscoveryResult.ChipError, discovery, where + ": a working radio reported ChipError");
                    Assert.IsFalse(lossOnly && discovery == RfSimDiscoveryResult.SecurityError, where + ": discovery SecurityError without an attacker ("
                        + bench.Reader.LastWindowForgedCount + " ATTACH failed the tag for this BEACON, " + bench.Reader.LastWindowStaleCount + " stale)");
                    discoveries[(int)discovery]++;
                    stale += bench.Reader.LastWindowStaleCount;
                    if (lossOnly)
                    {
                        lossOnlyDiscoveries[(int)discovery]++;
                        lossOnlyStale += bench.Reader.LastWindowStaleCount;
                    }

                    if (discovery != RfSimDiscoveryResult.Attached)
                    {
                        continue;
                    }

                    for (int e = 0; e < 3; e++)
                    {
                        ExchangeResult result = RunExchange(bench, random, answers, where, exchanges);
                        Assert.IsFalse(lossOnly && result == ExchangeResult.SecurityError, where + ": exchange SecurityError without an attacker");

                        // Loss alone never leaves the peer with a gap in a command (a fragment counts as sent only
                        // once its ESB ack came), so it never uses up the re-send budget (PROTOCOL.md 7.1).
                        Assert.IsFalse(lossOnly && result == ExchangeResult.TransmissionError, where + ": exchange TransmissionError without an attacker");
                        if (lossOnly)
                        {
                            lossOnlyExchanges[(int)result]++;
                        }
                    }
                }

                tampered += attacker.Tampered;
                packets += bench.Medium.PacketsSent;
                lost += bench.Medium.PacketsLost;

                // The attack ends.
                bench.Medium.Filter = null;
                bench.Medium.LossPercent = 0;
                Recover(bench, peer, answers, where);
            }

            OutputHelper.WriteLine("RF-SIM link under attack: " + cases + " cases, " + packets + " packets and acks on air, " + tampered + " tampered, "
                + lost + " lost at random; discoveries: " + Discoveries(discoveries) + ", stale ATTACH frames " + stale + "; exchanges: " + Exchanges(exchanges)
                + "; " + cases + " recoveries");
            OutputHelper.WriteLine("  of which loss only (no attacker): " + lossOnlyCases + " cases; discoveries: " + Discoveries(lossOnlyDiscoveries) + ", stale ATTACH frames "
                + lossOnlyStale + "; exchanges: " + Exchanges(lossOnlyExchanges) + " (SecurityError asserted 0)");
        }

        /// <summary>
        /// Discovery on an air that only loses packets (10 to 60 %, no attacker), with sessions started, used, ended
        /// or abandoned in between, so that BEACONs, SLOT_POLLs and their acks are lost in every combination (stale
        /// ATTACH frames included). Property: never SecurityError (discovery or exchange); every window ends within
        /// its bound; on clean air the next windows attach.
        /// </summary>
        [TestMethod]
        public void FuzzDiscoveryUnderLossOnly()
        {
            int cases = FuzzSettings.Cases(2000);
            int[] discoveries = new int[6];
            int[] exchanges = new int[10];
            int[] attachedByLoss = new int[7];
            int[] windowsByLoss = new int[7];
            int stale = 0;
            int windowsWithStale = 0;
            long lost = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetLossOnly, index));
                string where = FuzzSettings.Describe(random, index);
                int step = 1 + (index % 6);
                RfSimBench bench = new RfSimBench(random.NextUInt(), step * 10);
                VirtualRfSim peer = bench.AddPeer(RfSimBench.Device((byte)index, true));
                for (int window = 0; window < 10; window++)
                {
                    long start = bench.Clock.Now;
                    RfSimDiscoveryResult discovery = bench.Reader.Discover();
                    Assert.IsTrue(bench.Clock.Now - start <= DiscoveryBoundMicroseconds, where + ": discovery took " + (bench.Clock.Now - start) + " us");
                    Assert.IsTrue(discovery == RfSimDiscoveryResult.Attached || discovery == RfSimDiscoveryResult.NoPeer, where + " at " + (step * 10) + " % loss: discovery "
                        + discovery.ToString() + " (" + bench.Reader.LastWindowForgedCount + " ATTACH failed the tag for this BEACON, " + bench.Reader.LastWindowStaleCount + " stale)");
                    discoveries[(int)discovery]++;
                    windowsByLoss[step]++;
                    stale += bench.Reader.LastWindowStaleCount;
                    if (bench.Reader.LastWindowStaleCount > 0)
                    {
                        windowsWithStale++;
                    }

                    if (discovery != RfSimDiscoveryResult.Attached)
                    {
                        continue;
                    }

                    attachedByLoss[step]++;
                    int next = random.Next(4);
                    if (next != 0)
                    {
                        // Use the session; 1: then end it (END may be lost), 2: abandon it (the peer stays in session
                        // until its idle limit), 3: go on to the next window at once.
                        byte[] response = new byte[400];
                        int count;
                        ExchangeResult result = bench.Reader.Exchange(RfSimBench.SelectPpse, 0, RfSimBench.SelectPpse.Length, response, 0, response.Length, out count);
                        EnumAssert.AreNotEqual(ExchangeResult.SecurityError, result, where + ": exchange SecurityError from loss alone");
                        EnumAssert.AreNotEqual(ExchangeResult.TransmissionError, result, where + ": exchange TransmissionError from loss alone");
                        exchanges[(int)result]++;
                        if (next == 1)
                        {
                            bench.Reader.EndSession();
                        }
                        else if (next == 2)
                        {
                            bench.Clock.Advance(random.Next(RfSimProtocol.IdleLimitMicroseconds + 100000));
                        }
                    }
                }

                lost += bench.Medium.PacketsLost;
                bench.Medium.LossPercent = 0;
                byte[][] answers = new byte[][] { RfSimBench.PpseAnswer() };
                Recover(bench, peer, answers, where);
            }

            string perLoss = "";
            for (int step = 1; step <= 6; step++)
            {
                perLoss += (step > 1 ? ", " : "") + (step * 10) + " %: " + attachedByLoss[step] + " of " + windowsByLoss[step];
            }

            OutputHelper.WriteLine("RF-SIM discovery, loss only: " + cases + " cases, " + lost + " packets and acks lost; discoveries: " + Discoveries(discoveries)
                + " (SecurityError asserted 0); stale ATTACH frames " + stale + " in " + windowsWithStale + " windows; attached per loss: " + perLoss
                + "; exchanges: " + Exchanges(exchanges) + "; " + cases + " recoveries");
        }

        [TestMethod]
        public void FuzzPeerReceiveFifoWithRandomPayloads()
        {
            int cases = FuzzSettings.Cases(4000);
            int injected = 0;
            int[] exchanges = new int[10];
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetPeerFifo, index));
                string where = FuzzSettings.Describe(random, index);
                RfSimBench bench = new RfSimBench(random.NextUInt(), 0);
                byte[][] answers = new byte[3][];
                VirtualRfSim peer = bench.AddPeer(HostileDevice(random, (byte)index, answers));
                bool attached = bench.DiscoverWithin(3) == RfSimDiscoveryResult.Attached;
                int bursts = random.Between(1, 6);
                for (int b = 0; b < bursts; b++)
                {
                    int count = random.Between(1, 4);
                    for (int i = 0; i < count; i++)
                    {
                        byte[] payload = random.Bytes(32);
                        if (random.Chance(50))
                        {
                            // A plausible header: a reader frame type with the protocol's shape.
                            payload[0] = (byte)((random.Between(1, 5) << 4) | random.Next(16));
                        }

                        int width = random.Chance(80) ? random.Between(0, 32) : random.Between(33, 255);
                        peer.Radio.Model.InjectReceivedPayload(random.Next(2), payload, width);
                        injected++;
                    }

                    // Let the peer run on its IRQ; then the reader goes on as if nothing happened.
                    bench.Clock.Advance(random.Between(100, 3000));
                    Assert.IsTrue((int)peer.Peer.State >= 0 && (int)peer.Peer.State <= (int)RfSimPeerState.Failed, where);
                    if (attached)
                    {
                        RunExchange(bench, random, answers, where, exchanges);
                    }
                }

                Recover(bench, peer, answers, where);
            }

            OutputHelper.WriteLine("RF-SIM peer RX FIFO fuzz: " + cases + " cases, " + injected + " random payloads injected; exchanges: " + Exchanges(exchanges)
                + "; " + cases + " recoveries");
        }

        /// <summary>
        /// A peer whose applet answers SELECT, READ RECORD and anything else with random lengths (0 to past the
        /// link's 1024-byte bound) after random processing times (0 to 40 ms: WAIT storms).
        /// </summary>
        private static ScenarioDevice HostileDevice(FuzzRandom random, byte uidByte, byte[][] answers)
        {
            ScenarioDevice device = new ScenarioDevice();
            device.Interface = DeviceInterface.RfSim;
            device.Uid = new byte[] { 0x52, 0x46, (byte)random.NextByte(), uidByte };
            device.Near = true;
            for (int i = 0; i < 3; i++)
            {
                int length = random.Chance(80) ? random.Between(2, 300) : random.Between(0, 1100);
                answers[i] = random.Bytes(length);
            }

            device.AddApdu(new ApduRule(new byte[] { 0x00, 0xA4 }, answers[0], random.Chance(70) ? random.Next(3000) : random.Next(40000)));
            device.AddApdu(new ApduRule(new byte[] { 0x00, 0xB2 }, answers[1], random.Chance(70) ? random.Next(3000) : random.Next(40000)));
            device.AddApdu(new ApduRule(new byte[] { 0x80 }, answers[2], random.Next(3000)));
            return device;
        }

        private static ExchangeResult RunExchange(RfSimBench bench, FuzzRandom random, byte[][] answers, string where, int[] exchanges)
        {
            int which = random.Next(4);
            byte[] command = which == 0 ? RfSimBench.SelectPpse : (which == 1 ? RfSimBench.ReadRecord : RandomCommand(random, which == 2));
            int capacity = random.Chance(80) ? 1100 : random.Next(400);
            byte[] response = new byte[capacity + 3];
            int offset = random.Next(4);
            int count;
            long start = bench.Clock.Now;
            ExchangeResult result = bench.Reader.Exchange(command, 0, command.Length, response, offset, capacity, out count);
            long elapsed = bench.Clock.Now - start;
            Assert.IsTrue((int)result <= (int)ExchangeResult.ChipError, where + ": exchange " + (int)result);
            Assert.IsTrue(elapsed <= ExchangeBoundMicroseconds, where + ": exchange took " + elapsed + " us, ended " + result.ToString());
            EnumAssert.AreNotEqual(ExchangeResult.ChipError, result, where + ": a working radio reported ChipError");
            Assert.IsTrue(count >= 0 && count <= capacity, where + ": count " + count);
            exchanges[(int)result]++;
            if (result == ExchangeResult.Ok)
            {
                // Nothing forged, replayed or reordered gets through the MAC and counter: the bytes are the applet's.
                byte[] expected = Expected(which == 0 ? answers[0] : (which == 1 ? answers[1] : (which == 2 ? answers[2] : new byte[] { 0x6D, 0x00 })));
                Assert.AreEqual(expected.Length, count, where + ": response length");
                for (int i = 0; i < count; i++)
                {
                    Assert.AreEqual(expected[i], response[offset + i], where + ": response byte " + i);
                }
            }

            return result;
        }

        /// <summary>What the peer sends for a rule's answer: answers past the link's bound become SW 6F00.</summary>
        private static byte[] Expected(byte[] answer)
        {
            return answer.Length > RfSimProtocol.MaximumResponse ? new byte[] { 0x6F, 0x00 } : answer;
        }

        private static byte[] RandomCommand(FuzzRandom random, bool proprietary)
        {
            byte[] command = random.Bytes(random.Chance(90) ? random.Between(4, 60) : random.Between(1, 300));
            if (proprietary)
            {
                command[0] = 0x80;
            }
            else if (command[0] == 0x80 || (command[0] == 0x00 && command.Length > 1 && (command[1] == 0xA4 || command[1] == 0xB2)))
            {
                command[0] = 0x90;
            }

            return command;
        }

        /// <summary>With the air clean again, a session opens and an exchange succeeds (bounded number of windows).</summary>
        private static void Recover(RfSimBench bench, VirtualRfSim peer, byte[][] answers, string where)
        {
            // A peer left in a session the reader dropped falls back to listening after its idle limit (500 ms).
            RfSimPeerState before = peer.Peer.State;
            long start = bench.Clock.Now;
            RfSimDiscoveryResult discovery = RfSimDiscoveryResult.NoPeer;
            while (discovery != RfSimDiscoveryResult.Attached && bench.Clock.Now - start <= RfSimProtocol.IdleLimitMicroseconds + (3 * DiscoveryBoundMicroseconds))
            {
                discovery = bench.Reader.Discover();
            }

            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, discovery, where + ": no session after the attack ended (peer " + before.ToString()
                + " -> " + peer.Peer.State.ToString() + ", " + (bench.Clock.Now - start) + " us, deadline " + peer.Peer.NextDeadlineMicroseconds + " now " + bench.Clock.Now + ")");
            byte[] response = new byte[1100];
            int count;
            ExchangeResult result = bench.Reader.Exchange(RfSimBench.SelectPpse, 0, RfSimBench.SelectPpse.Length, response, 0, response.Length, out count);
            EnumAssert.AreEqual(ExchangeResult.Ok, result, where + ": exchange after the attack ended");
            Assert.AreEqual(Expected(answers[0]).Length, count, where);
        }

        private static string Discoveries(int[] results)
        {
            return "Attached " + results[0] + ", NoPeer " + results[1] + ", Collision " + results[2] + ", TooFar " + results[3] + ", SecurityError " + results[4]
                + ", ChipError " + results[5];
        }

        private static string Exchanges(int[] results)
        {
            string text = "";
            for (int i = 0; i < results.Length; i++)
            {
                if (results[i] > 0)
                {
                    text += (text.Length > 0 ? ", " : "") + ((ExchangeResult)i).ToString() + " " + results[i];
                }
            }

            return text.Length == 0 ? "none" : text;
        }

        /// <summary>An attacker on the air: tampers with a share of the packets and acks.</summary>
        private sealed class Attacker
        {
            private readonly FuzzRandom random;
            private readonly int percent;
            private readonly AirPacket[] recorded = new AirPacket[8];
            private readonly AirPacket held = new AirPacket();
            private int recordedCount;
            private bool holding;

            public Attacker(FuzzRandom random, int percent)
            {
                this.random = random;
                this.percent = percent;
                for (int i = 0; i < recorded.Length; i++)
                {
                    recorded[i] = new AirPacket();
                }
            }

            public int Tampered { get; private set; }

            public bool Tamper(AirPacket packet)
            {
                // Record everything (an eavesdropper), to replay later.
                recorded[recordedCount % recorded.Length].CopyFrom(packet);
                recordedCount++;
                if (!random.Chance(percent))
                {
                    return true;
                }

                Tampered++;
                switch (random.Next(7))
                {
                    case 0:
                        return false; // destroyed
                    case 1:
                        // Random bytes.
                        packet.PayloadLength = random.Between(0, AirPacket.MaximumPayload);
                        random.NextBytes(packet.Payload, 0, packet.PayloadLength);
                        return true;
                    case 2:
                        // Truncated.
                        packet.PayloadLength = random.Next(packet.PayloadLength + 1);
                        return true;
                    case 3:
                        // Replayed: an earlier packet or ack in place of this one.
                        AirPacket old = recorded[random.Next(recordedCount < recorded.Length ? recordedCount : recorded.Length)];
                        Array.Copy(old.Payload, packet.Payload, AirPacket.MaximumPayload);
                        packet.PayloadLength = old.PayloadLength;
                        return true;
                    case 4:
                        // Reordered: held back now, delivered in place of a later one.
                        if (!holding)
                        {
                            held.CopyFrom(packet);
                            holding = true;
                            return false;
                        }

                        Array.Copy(held.Payload, packet.Payload, AirPacket.MaximumPayload);
                        packet.PayloadLength = held.PayloadLength;
                        holding = false;
                        return true;
                    case 5:
                        // Forged: one bit of the header, body or MAC changed.
                        if (packet.PayloadLength > 0)
                        {
                            int at = random.Next(packet.PayloadLength);
                            packet.Payload[at] = (byte)(packet.Payload[at] ^ (1 << random.Next(8)));
                        }

                        return true;
                    default:
                        // Forged header fields with the rest intact: type/flags, counter.
                        if (packet.PayloadLength > 3)
                        {
                            packet.Payload[random.Next(4)] = random.NextByte();
                        }

                        return true;
                }
            }
        }
    }
}
