using System;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Nrf24;
using nanoFramework.TestFramework;
using DualReader.Hal;
using DualReader.Tests.Support;

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

            Assert.AreEqual((int)RfSimDiscoveryResult.NoPeer, (int)reader.Discover());
            OutputHelper.WriteLine("BEACON " + beacon);
            Assert.AreEqual("1002D00102031011121314151617040F", beacon);
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
