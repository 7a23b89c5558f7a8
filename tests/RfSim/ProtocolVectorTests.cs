using System;
using System.Collections;
using DualReader.Firmware;
using DualReader.Firmware.RfSim;
using DualReader.Hal;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.RfSim
{
    /// <summary>
    /// The worked example of PROTOCOL.md, appendix B (keys and one sealed frame), pinned to exact bytes; the values
    /// were cross-checked with an independent SipHash-2-4 implementation written from the paper.
    /// </summary>
    [TestClass]
    public class ProtocolVectorTests
    {
        private static string Hex(ulong value)
        {
            byte[] bytes = new byte[8];
            SipHash24.WriteUInt64(value, bytes, 0);
            return HexBytes(bytes, 0, 8);
        }

        private static string HexBytes(byte[] data, int offset, int count)
        {
            string text = "";
            for (int i = 0; i < count; i++)
            {
                text += data[offset + i].ToString("X2");
            }

            return text;
        }

        private static readonly byte[] SpecReaderId = { 0xD0, 0x01, 0x02, 0x03 };
        private static readonly byte[] SpecPeerId = { 0x50, 0x51, 0x52, 0x53 };
        private static readonly byte[] SpecReaderNonce = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17 };
        private static readonly byte[] SpecPeerNonce = { 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27 };

        /// <summary>The keys of the worked example (PROTOCOL.md appendix B): PSK 00..0F and the ids and nonces above.</summary>
        private static RfSimKeys SpecExampleKeys()
        {
            byte[] psk = new byte[16];
            for (int i = 0; i < 16; i++)
            {
                psk[i] = (byte)i;
            }

            RfSimKeys keys = new RfSimKeys(psk);
            keys.Derive(SpecReaderId, 0, SpecPeerId, 0, SpecReaderNonce, 0, SpecPeerNonce, 0);
            return keys;
        }

        [TestMethod]
        public void KeysAndSealedPullMatchTheSpecExample()
        {
            RfSimKeys keys = SpecExampleKeys();

            // PULL, counter 1, exchange 1, fragment 0.
            byte[] frame = { 0x40, 0x01, 0x00, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
            SipHash24.WriteTag(keys.ReaderToPeer0, keys.ReaderToPeer1, frame, 0, 5, frame, 5);

            string krp = Hex(keys.ReaderToPeer0) + Hex(keys.ReaderToPeer1);
            string kpr = Hex(keys.PeerToReader0) + Hex(keys.PeerToReader1);
            string sealedFrame = HexBytes(frame, 0, frame.Length);
            OutputHelper.WriteLine("K_rp " + krp);
            OutputHelper.WriteLine("K_pr " + kpr);
            OutputHelper.WriteLine("PULL " + sealedFrame);
            Assert.AreEqual("BD60FDFE0B9F562415312D6B6323941E", krp);
            Assert.AreEqual("F948B1E8CC4689C6BA12461FEDA27BD4", kpr);
            Assert.AreEqual("4001000100A0947D159BBBECD5", sealedFrame);
        }

        [TestMethod]
        public void AttachWithBeaconIdMatchesTheSpecExample()
        {
            RfSimKeys keys = SpecExampleKeys();

            // ATTACH with NEAR, version 2, slot 1, turnaround 4 ms, answering the BEACON whose Nr starts 10 11 12 13.
            byte[] attach = new byte[RfSimProtocol.AttachLength];
            attach[0] = (byte)(RfSimProtocol.TypeAttach | RfSimProtocol.FlagNear);
            attach[1] = RfSimProtocol.Version;
            attach[2] = 0x01;
            Array.Copy(SpecPeerId, 0, attach, 3, 4);
            Array.Copy(SpecPeerNonce, 0, attach, 7, 8);
            attach[15] = 40;
            Array.Copy(SpecReaderNonce, 0, attach, RfSimProtocol.AttachBeaconIdOffset, RfSimProtocol.BeaconIdLength);
            SipHash24.WriteTag(keys.PeerToReader0, keys.PeerToReader1, attach, 0, RfSimProtocol.AttachTagOffset, attach, RfSimProtocol.AttachTagOffset);

            string sealedAttach = HexBytes(attach, 0, attach.Length);
            OutputHelper.WriteLine("ATTACH " + sealedAttach);
            Assert.AreEqual(28, RfSimProtocol.AttachLength);
            Assert.AreEqual((byte)0x02, RfSimProtocol.Version);
            Assert.AreEqual("880201505152532021222324252627281011121341241424DD055252", sealedAttach);
        }

        [TestMethod]
        public void BeaconOnAirMatchesTheSpecExample()
        {
            // The reader of appendix B (id D0 01 02 03, Nr 10 .. 17) sends its BEACON on the simulated air.
            RfSimBench bench = new RfSimBench(1, 0);
            RfSimReader reader = new RfSimReader(bench.ReaderRadio.Driver, bench.Clock, RfSimBench.Key, RfSimBench.ReaderIdentity, new CountingNonceSource(0x10));
            reader.Start();
            string beacon = "";
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (!packet.IsAck && packet.Payload[0] == RfSimProtocol.TypeBeacon)
                {
                    beacon = HexBytes(packet.Payload, 0, packet.PayloadLength);
                }

                return true;
            };

            EnumAssert.AreEqual(RfSimDiscoveryResult.NoPeer, reader.Discover());
            OutputHelper.WriteLine("BEACON " + beacon);
            Assert.AreEqual("1002D00102031011121314151617040F", beacon);
        }

        [TestMethod]
        public void MultiFragmentExchangeOnAirMatchesTheSpecExample()
        {
            // PROTOCOL.md appendix C: the reference reader and the reference peer (demo applet) of appendix B on the
            // simulated air, no loss: a 20-byte SELECT PPSE (2 CMD fragments) and its 49-byte answer (3 RESP fragments).
            string[] air = RunAppendixCExchange();
            string text = "";
            for (int i = 0; i < air.Length; i++)
            {
                text += air[i] + "\n";
            }

            OutputHelper.WriteLine(text);
            string[] expected = AppendixC();
            Assert.AreEqual(expected.Length, air.Length, text);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], air[i], "line " + i + "\n" + text);
            }
        }

        /// <summary>
        /// The session of appendix C as it goes on air: one line per reader packet ("R") and per ack payload ("A",
        /// empty acks as "A -"), from the first CMD to the END.
        /// </summary>
        private static string[] RunAppendixCExchange()
        {
            byte[] psk = new byte[16];
            for (int i = 0; i < 16; i++)
            {
                psk[i] = (byte)i;
            }

            RfSimBench bench = new RfSimBench(1, 0);
            RfSimReader reader = new RfSimReader(bench.ReaderRadio.Driver, bench.Clock, psk, SpecReaderId, new CountingNonceSource(0x10));
            reader.Start();

            // The peer draws Np, then its session id, then the byte that picks its slot (r mod 4 = 1).
            byte[] peerRandom = new byte[13];
            Array.Copy(SpecPeerNonce, 0, peerRandom, 0, 8);
            Array.Copy(SpecPeerId, 0, peerRandom, 8, 4);
            peerRandom[12] = 0x01;
            ScenarioDevice device = RfSimBench.Device(0x50, true);
            VirtualRfSim peer = new VirtualRfSim(device, bench.Clock, bench.Medium, bench.Costs, psk, 0, new DemoPaymentApplet(), new ScriptedNonceSource(peerRandom));
            peer.Peer.TurnaroundMicroseconds = 4000;

            ArrayList lines = new ArrayList();
            bool recording = false;
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (recording)
                {
                    lines.Add((packet.IsAck ? "A " : "R ") + (packet.PayloadLength == 0 ? "-" : HexBytes(packet.Payload, 0, packet.PayloadLength)));
                }

                return true;
            };

            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, reader.Discover());
            recording = true;
            byte[] response = new byte[64];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, reader.Exchange(RfSimBench.SelectPpse, 0, RfSimBench.SelectPpse.Length, response, 0, response.Length, out count));
            Assert.AreEqual(49, count);
            reader.EndSession();
            bench.Clock.Advance(1000);
            EnumAssert.AreEqual(RfSimPeerState.Listening, peer.Peer.State);

            string[] result = new string[lines.Count];
            for (int i = 0; i < lines.Count; i++)
            {
                result[i] = (string)lines[i];
            }

            return result;
        }

        /// <summary>PROTOCOL.md appendix C, line by line: each reader frame, then the ack payload it got.</summary>
        private static string[] AppendixC()
        {
            return new string[]
            {
                "R 310100010000A404000E325041592E5359532E4444463031F5B388EDA74874FA", // CMD|MORE c1 e1 i0, 19 bytes
                "A -",                                                                // nothing loaded yet
                "R 300200010100393E28FDF22B7A7B",                                     // CMD c2 e1 i1, the last byte
                "A B801000101D170C6A681D98CEF",                                       // CMD_ACK c1 e1 next 1 (answers c1)
                "R 40030001018F43C267459195FE",                                       // PULL c3 e1 k1
                "A A80200010AFAB6CB4B7AA38484",                                       // WAIT c2 e1 1 ms (answers c2)
                "R 4004000100422C3DE3F11E9F68",                                       // PULL c4 e1 k0
                "A 99030001011BBF0C1861164F08A000000333010101500A50E7D4CC3795558168", // RESP|MORE c3 e1 k1 (answers c3)
                "R 4005000102C1C0A80986A83A4E",                                       // PULL c5 e1 k2
                "A 99040001006F2D840E325041592E5359532E4444463031A5B51F9E5897A01CCC", // RESP|MORE c4 e1 k0 (answers c4)
                "R 4006000103B3D9D670967604CF",                                       // PULL c6 e1 k3 (past the end)
                "A 9805000102424F43204445424954900074468F8B914688D4",                 // RESP c5 e1 k2, last (answers c5)
                "R 50070000E62125063B454EF4",                                         // END c7 reason 0
                "A -",                                                                // nothing loaded for PULL k3
            };
        }

        /// <summary>Returns the given bytes in order (the worked example's peer nonce, session id and slot byte).</summary>
        private sealed class ScriptedNonceSource : IRandomSource
        {
            private readonly byte[] bytes;
            private int next;

            public ScriptedNonceSource(byte[] bytes)
            {
                this.bytes = bytes;
            }

            public void NextBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    buffer[offset + i] = bytes[next % bytes.Length];
                    next++;
                }
            }
        }

        /// <summary>Nonce bytes start, start + 1, ... (the worked example's Nr).</summary>
        private sealed class CountingNonceSource : IRandomSource
        {
            private int next;

            public CountingNonceSource(int start)
            {
                next = start;
            }

            public void NextBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    buffer[offset + i] = (byte)next++;
                }
            }
        }
    }
}
