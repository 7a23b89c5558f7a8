using System;
using DualReader.Firmware;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.RfSim
{
    [TestClass]
    public class RfSimLinkTests
    {
        private static ExchangeResult Exchange(RfSimBench bench, byte[] command, byte[] response, out int count)
        {
            return bench.Reader.Exchange(command, 0, command.Length, response, 0, response.Length, out count);
        }

        private static void AssertBytes(byte[] expected, byte[] actual, int count)
        {
            Assert.AreEqual(expected.Length, count);
            byte[] trimmed = new byte[count];
            Array.Copy(actual, trimmed, count);
            CollectionAssert.AreEqual(expected, trimmed);
        }

        [TestMethod]
        public void AttachThenSelectOverTheLink()
        {
            RfSimBench bench = new RfSimBench(11, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(1, true));

            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            CollectionAssert.AreEqual(peer.Peer.PeerId, bench.Reader.PeerId);
            byte[] response = new byte[400];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, RfSimBench.SelectPpse, response, out count));
            AssertBytes(RfSimBench.PpseAnswer(), response, count);
            EnumAssert.AreEqual(RfSimPeerState.InSession, peer.Peer.State);
            Assert.AreEqual(1, peer.Peer.ApdusProcessed);
        }

        [TestMethod]
        public void ThreeHundredByteResponseAt2Mbps()
        {
            RfSimBench bench = new RfSimBench(12, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(2, true));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            byte[] response = new byte[400];
            int count;
            long start = bench.Clock.Now;
            long air = bench.Ledger.AirMicroseconds;
            long spi = bench.Ledger.SpiTransfers;
            long peerSpi = peer.PeerLedger.SpiTransfers;

            ExchangeResult result = Exchange(bench, RfSimBench.ReadRecord, response, out count);

            long elapsed = bench.Clock.Now - start;
            EnumAssert.AreEqual(ExchangeResult.Ok, result);
            AssertBytes(RfSimBench.LongAnswer(), response, count);
            int packets = bench.Reader.LastExchangePackets;
            OutputHelper.WriteLine("300-byte APDU round trip: " + elapsed + " us modelled, " + packets + " reader packets, "
                + (bench.Ledger.SpiTransfers - spi) + " reader SPI frames, " + (bench.Ledger.AirMicroseconds - air) + " us on air");
            // The Enhanced ShockBurst limit of the same packets: time on air plus, per packet, Tstby2a (130 µs) before
            // it and the 130 µs turnaround before its ack (PS 7.4.2, table 16), plus the card's 1 ms processing.
            long limit = (bench.Ledger.AirMicroseconds - air) + packets * 260L + 1000;
            OutputHelper.WriteLine("ESB packet-time limit of those packets: " + limit + " us; peer SPI frames " + (peer.PeerLedger.SpiTransfers - peerSpi));
            // Reader: W_TX_PAYLOAD + STATUS clear per packet, + R_RX_PL_WID + R_RX_PAYLOAD when the ack has a payload.
            Assert.IsTrue(bench.Ledger.SpiTransfers - spi <= 4L * packets);
            Assert.IsTrue(elapsed >= limit);
            // 16 response fragments of 19 bytes: at least 17 packets (command + one per fragment).
            Assert.IsTrue(packets >= 17);
            Assert.IsTrue(packets <= 24);
            Assert.IsTrue(elapsed < 40000);
        }

        [TestMethod]
        public void TenPercentLossCompletes()
        {
            RunLossy(21, 10, true);
        }

        [TestMethod]
        public void ThirtyPercentLossCompletesOrFailsWithinItsBound()
        {
            RunLossy(31, 30, false);
        }

        private static void RunLossy(uint seed, int loss, bool mustComplete)
        {
            RfSimBench bench = new RfSimBench(seed, loss);
            bench.AddPeer(RfSimBench.Device(3, true));
            RfSimDiscoveryResult discovery = bench.DiscoverWithin(10);
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, discovery);
            byte[] response = new byte[400];
            int completed = 0;
            for (int i = 0; i < 3; i++)
            {
                int count;
                long start = bench.Clock.Now;
                ExchangeResult result = Exchange(bench, RfSimBench.ReadRecord, response, out count);
                long elapsed = bench.Clock.Now - start;
                OutputHelper.WriteLine(loss + "% loss, exchange " + i + ": " + result.ToString() + " in " + elapsed + " us, " + bench.Reader.LastExchangePackets + " packets");
                Assert.IsTrue(elapsed <= RfSimReader.ExchangeLimitMicroseconds + 20000);
                if (result == ExchangeResult.Ok)
                {
                    AssertBytes(RfSimBench.LongAnswer(), response, count);
                    completed++;
                }
                else
                {
                    Assert.IsFalse(mustComplete);
                    Assert.IsTrue(result == ExchangeResult.DeviceLost || result == ExchangeResult.NoResponse);
                    break;
                }
            }

            Assert.IsTrue(bench.Medium.PacketsLost > 0);
            if (mustComplete)
            {
                Assert.AreEqual(3, completed);
            }
        }

        [TestMethod]
        public void FarPeerIsRejectedByTheProximityGate()
        {
            RfSimBench bench = new RfSimBench(13, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(4, false));

            EnumAssert.AreEqual(RfSimDiscoveryResult.TooFar, bench.Reader.Discover());
            Assert.IsFalse(bench.Reader.SessionActive);
            byte[] response = new byte[64];
            int count;
            EnumAssert.AreEqual(ExchangeResult.DeviceLost, Exchange(bench, RfSimBench.SelectPpse, response, out count));
            Assert.AreEqual(0, peer.Peer.ApdusProcessed);
        }

        [TestMethod]
        public void TwoPeersInOneWindowAreACollision()
        {
            RfSimBench bench = new RfSimBench(14, 0);
            VirtualRfSim first = bench.AddPeer(RfSimBench.Device(5, true));
            VirtualRfSim second = bench.AddPeer(RfSimBench.Device(6, true));

            RfSimDiscoveryResult result = bench.DiscoverWithin(10);

            EnumAssert.AreEqual(RfSimDiscoveryResult.Collision, result);
            Assert.AreEqual(2, bench.Reader.LastWindowAttachCount);
            Assert.IsFalse(bench.Reader.SessionActive);
            Assert.AreEqual(0, first.Peer.ApdusProcessed + second.Peer.ApdusProcessed);
        }

        [TestMethod]
        public void ReplayedReaderFrameIsRejectedByThePeer()
        {
            RfSimBench bench = new RfSimBench(15, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(7, true));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            AirPacket recorded = new AirPacket();
            bool replaying = false;
            bool replayed = false;
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (packet.IsAck || (packet.Payload[0] & 0xF0) != RfSimProtocol.TypeCommand)
                {
                    return true;
                }

                if (!replaying)
                {
                    recorded.CopyFrom(packet); // an eavesdropper records the first command
                }
                else if (!replayed)
                {
                    // ... and later puts it on air instead of the reader's new command.
                    Array.Copy(recorded.Payload, packet.Payload, recorded.PayloadLength);
                    packet.PayloadLength = recorded.PayloadLength;
                    replayed = true;
                }

                return true;
            };
            byte[] response = new byte[400];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, RfSimBench.SelectPpse, response, out count));
            replaying = true;

            ExchangeResult result = Exchange(bench, RfSimBench.SelectPpse, response, out count);

            Assert.IsTrue(replayed);
            EnumAssert.AreEqual(ExchangeResult.SecurityError, result);
            Assert.AreEqual(1, peer.Peer.SecurityRejections);
            Assert.AreEqual(1, peer.Peer.ApdusProcessed);
            Assert.IsFalse(bench.Reader.SessionActive);
        }

        [TestMethod]
        public void ForgedMacIsRejectedByTheReader()
        {
            RfSimBench bench = new RfSimBench(16, 0);
            bench.AddPeer(RfSimBench.Device(8, true));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (packet.IsAck && packet.PayloadLength > 13 && (packet.Payload[0] & 0xF0) == RfSimProtocol.TypeResponse)
                {
                    packet.Payload[6] ^= 0x01; // a changed data byte: the MAC no longer fits
                }

                return true;
            };
            byte[] response = new byte[400];
            int count;

            EnumAssert.AreEqual(ExchangeResult.SecurityError, Exchange(bench, RfSimBench.SelectPpse, response, out count));
            Assert.IsFalse(bench.Reader.SessionActive);
        }

        [TestMethod]
        public void ReorderedPeerFramesAreRejectedByTheReader()
        {
            RfSimBench bench = new RfSimBench(17, 0);
            bench.AddPeer(RfSimBench.Device(9, true));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            AirPacket held = new AirPacket();
            int responses = 0;
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (!packet.IsAck || packet.PayloadLength == 0 || (packet.Payload[0] & 0xF0) != RfSimProtocol.TypeResponse)
                {
                    return true;
                }

                responses++;
                if (responses == 1)
                {
                    held.CopyFrom(packet); // hold the first fragment back ...
                    packet.PayloadLength = 0;
                }
                else if (responses == 3)
                {
                    Array.Copy(held.Payload, packet.Payload, held.PayloadLength); // ... and deliver it after a later one
                    packet.PayloadLength = held.PayloadLength;
                }

                return true;
            };
            byte[] response = new byte[400];
            int count;

            EnumAssert.AreEqual(ExchangeResult.SecurityError, Exchange(bench, RfSimBench.ReadRecord, response, out count));
            Assert.IsTrue(responses >= 3);
        }

        [TestMethod]
        public void PeerVanishingMidApduIsDeviceLostWithinBound()
        {
            RfSimBench bench = new RfSimBench(18, 0);
            ScenarioDevice device = RfSimBench.Device(10, true);
            VirtualRfSim peer = bench.AddPeer(device);
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            device.LeaveMicroseconds = bench.Clock.Now + 6000; // during the 1 ms processing + 16 fragments
            byte[] response = new byte[400];
            int count;

            ExchangeResult result = Exchange(bench, RfSimBench.ReadRecord, response, out count);

            EnumAssert.AreEqual(ExchangeResult.DeviceLost, result);
            Assert.IsFalse(peer.Present);
            // Four consecutive unacknowledged packets, each at most one ESB transaction (4 x (packet + ARD)).
            long bound = device.LeaveMicroseconds + RfSimReader.MaximumConsecutiveLost * bench.ReaderRadio.Driver.WorstCaseTransactionMicroseconds(32) + 5000;
            Assert.IsTrue(bench.Clock.Now <= bound);
        }

        [TestMethod]
        public void EndOfSessionReturnsThePeerToDiscovery()
        {
            RfSimBench bench = new RfSimBench(19, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(11, true));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            byte[] response = new byte[64];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, RfSimBench.SelectPpse, response, out count));

            bench.Reader.EndSession();
            bench.Clock.Advance(1000);

            Assert.IsFalse(bench.Reader.SessionActive);
            EnumAssert.AreEqual(RfSimPeerState.Listening, peer.Peer.State);
            // Between sessions only the discovery pipe listens, so an old slot address cannot ack another session.
            Assert.AreEqual((byte)0x01, peer.Radio.Model.PeekRegister(Firmware.Nrf24.Nrf24Register.EN_RXADDR));
            EnumAssert.AreEqual(ExchangeResult.DeviceLost, Exchange(bench, RfSimBench.SelectPpse, response, out count));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            Assert.AreEqual((byte)0x03, peer.Radio.Model.PeekRegister(Firmware.Nrf24.Nrf24Register.EN_RXADDR));
        }

        [TestMethod]
        public void IdlePeerLeavesTheSessionAfterItsLimit()
        {
            RfSimBench bench = new RfSimBench(20, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(12, true));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());

            bench.Clock.Advance(RfSimProtocol.IdleLimitMicroseconds + 1000);

            EnumAssert.AreEqual(RfSimPeerState.Listening, peer.Peer.State);
            byte[] response = new byte[64];
            int count;
            EnumAssert.AreEqual(ExchangeResult.DeviceLost, Exchange(bench, RfSimBench.SelectPpse, response, out count));
        }

        [TestMethod]
        public void DemoAppletAnswersThePaymentFlow()
        {
            RfSimBench bench = new RfSimBench(22, 0);
            ScenarioDevice device = RfSimBench.Device(13, true);
            new VirtualRfSim(device, bench.Clock, bench.Medium, bench.Costs, RfSimBench.Key, 0, new DemoPaymentApplet());
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            byte[] response = new byte[400];
            int count;

            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, RfSimBench.SelectPpse, response, out count));
            Assert.AreEqual(49, count);
            Assert.AreEqual((byte)0x6F, response[0]);
            Assert.AreEqual((byte)0x90, response[count - 2]);
            byte[] selectAid = { 0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01, 0x00 };
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, selectAid, response, out count));
            Assert.AreEqual((byte)0x90, response[count - 2]);
            byte[] balance = { 0x80, 0xCA, 0x9F, 0x79, 0x00 };
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, balance, response, out count));
            AssertBytes(new byte[] { 0x9F, 0x79, 0x06, 0x00, 0x00, 0x00, 0x01, 0x23, 0x45, 0x90, 0x00 }, response, count);
        }

        [TestMethod]
        public void LongCommandIsFragmented()
        {
            RfSimBench bench = new RfSimBench(23, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(14, true));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            byte[] command = new byte[100];
            command[1] = 0xA4;
            command[2] = 0x04;
            byte[] response = new byte[64];
            int count;

            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, command, response, out count));
            AssertBytes(RfSimBench.PpseAnswer(), response, count);
            // 100 bytes = 6 command fragments of 19, each sent once; a PULL for the WAIT; 2 response fragments.
            Assert.AreEqual(9, bench.Reader.LastExchangePackets);
            Assert.AreEqual(1, peer.Peer.ApdusProcessed);
        }

        [TestMethod]
        public void LongestCommandAndA256ByteAnswerTakeTheMinimalPackets()
        {
            // PROTOCOL.md 7.1: with no loss every command fragment goes out exactly once. Before the re-send rule
            // took the one-packet lag into account, every fragment after the first went out twice and commands of
            // 172 bytes or more ended in TransmissionError.
            RfSimBench bench = new RfSimBench(24, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.LongCommandDevice(15));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            byte[] command = RfSimBench.LongCommand();
            byte[] response = new byte[400];
            int count;
            int airBefore = bench.Medium.PacketsSent;
            long start = bench.Clock.Now;

            ExchangeResult result = Exchange(bench, command, response, out count);

            long elapsed = bench.Clock.Now - start;
            int packets = bench.Reader.LastExchangePackets;
            OutputHelper.WriteLine("261-byte command, 256-byte answer: " + result.ToString() + ", " + packets + " reader packets, "
                + (bench.Medium.PacketsSent - airBefore) + " packets and acks on air, " + elapsed + " us");
            EnumAssert.AreEqual(ExchangeResult.Ok, result);
            AssertBytes(RfSimBench.LongCommandAnswer(), response, count);
            // 14 command fragments + 1 PULL (its ack: WAIT) + 14 response fragments.
            Assert.AreEqual(29, RfSimBench.MinimalPackets(261, 256));
            Assert.AreEqual(29, packets);
            Assert.AreEqual(2 * 29, bench.Medium.PacketsSent - airBefore); // every packet acked at the first try
            Assert.AreEqual(1, peer.Peer.ApdusProcessed);
        }

        [TestMethod]
        public void EveryCommandLengthTakesTheMinimalPackets()
        {
            // Around every fragment boundary, and the lengths that used to fail (172 and more) or pass (152-171).
            int[] lengths = { 1, 5, 18, 19, 20, 38, 39, 100, 151, 152, 171, 172, 190, 191, 240, 260, 261 };
            RfSimBench bench = new RfSimBench(25, 0);
            ScenarioDevice device = RfSimBench.Device(16, true);
            device.DefaultResponse = RfSimBench.LongCommandAnswer();
            VirtualRfSim peer = bench.AddPeer(device);
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            byte[] response = new byte[400];
            for (int n = 0; n < lengths.Length; n++)
            {
                byte[] command = new byte[lengths[n]];
                command[0] = 0x80; // no rule matches: the default answer, 256 bytes
                int count;
                ExchangeResult result = Exchange(bench, command, response, out count);
                EnumAssert.AreEqual(ExchangeResult.Ok, result, lengths[n] + "-byte command");
                AssertBytes(RfSimBench.LongCommandAnswer(), response, count);
                Assert.AreEqual(RfSimBench.MinimalPackets(lengths[n], 256), bench.Reader.LastExchangePackets, lengths[n] + "-byte command: packets");
            }

            Assert.AreEqual(lengths.Length, peer.Peer.ApdusProcessed);
        }

        [TestMethod]
        public void LongestCommandCompletesAtTenPercentLoss()
        {
            RunLongCommandLossy(26, 10);
        }

        [TestMethod]
        public void LongestCommandCompletesAtThirtyPercentLoss()
        {
            RunLongCommandLossy(27, 30);
        }

        /// <summary>20 exchanges of the 261-byte command and its 256-byte answer on a lossy air: every one completes.</summary>
        private static void RunLongCommandLossy(uint seed, int loss)
        {
            RfSimBench bench = new RfSimBench(seed, loss);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.LongCommandDevice(17));
            byte[] command = RfSimBench.LongCommand();
            byte[] response = new byte[400];
            int completed = 0;
            int packets = 0;
            int minimal = RfSimBench.MinimalPackets(261, 256);
            for (int i = 0; i < 20; i++)
            {
                if (!bench.Reader.SessionActive)
                {
                    EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.DiscoverWithin(20), "exchange " + i + ": discovery");
                }

                int count;
                ExchangeResult result = Exchange(bench, command, response, out count);
                EnumAssert.AreEqual(ExchangeResult.Ok, result, loss + " % loss, exchange " + i);
                AssertBytes(RfSimBench.LongCommandAnswer(), response, count);
                Assert.IsTrue(bench.Reader.LastExchangePackets >= minimal);
                packets += bench.Reader.LastExchangePackets;
                completed++;
            }

            OutputHelper.WriteLine(loss + " % loss: " + completed + " of 20 exchanges of 261 + 256 bytes completed, " + packets + " reader packets ("
                + minimal + " each without loss), " + bench.Medium.PacketsLost + " packets and acks lost");
            Assert.AreEqual(20, completed);
            Assert.IsTrue(bench.Medium.PacketsLost > 0);
            Assert.AreEqual(20, peer.Peer.ApdusProcessed);
        }
    }
}
