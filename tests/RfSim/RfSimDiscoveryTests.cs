using System;
using DualReader.Firmware;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.RfSim
{
    /// <summary>
    /// Discovery and the ATTACH beacon id (PROTOCOL.md 5, version 2): an ATTACH that names an earlier BEACON is stale
    /// (an empty slot, counted, never a session, never SecurityError); an ATTACH that names this window's BEACON and
    /// fails its tag is SecurityError. The air is steered with <see cref="AirMedium.Filter"/>.
    /// </summary>
    [TestClass]
    public class RfSimDiscoveryTests
    {
        private static bool IsBeacon(AirPacket packet)
        {
            return !packet.IsAck && packet.PayloadLength == RfSimProtocol.BeaconLength && packet.Payload[0] == RfSimProtocol.TypeBeacon;
        }

        private static bool IsSlotPoll(AirPacket packet)
        {
            return !packet.IsAck && packet.PayloadLength == RfSimProtocol.SlotPollLength && packet.Payload[0] == RfSimProtocol.TypeSlotPoll;
        }

        private static bool IsAttach(AirPacket packet)
        {
            return packet.IsAck && packet.PayloadLength == RfSimProtocol.AttachLength && (packet.Payload[0] & 0xF0) == RfSimProtocol.TypeAttach;
        }

        private static void AssertSelectWorks(RfSimBench bench)
        {
            byte[] response = new byte[64];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, bench.Reader.Exchange(RfSimBench.SelectPpse, 0, RfSimBench.SelectPpse.Length, response, 0, response.Length, out count));
            Assert.AreEqual(RfSimBench.PpseAnswer().Length, count);
        }

        /// <summary>
        /// Leaves the peer holding an ATTACH nobody collected: window 1 loses every SLOT_POLL, so the ATTACH built for
        /// BEACON 1 stays in the peer's TX FIFO (PS 7.4.1: an ack payload leaves only with a new packet).
        /// </summary>
        private static void LoseEverySlotPoll(RfSimBench bench, VirtualRfSim peer)
        {
            bench.Medium.Filter = delegate (AirPacket packet) { return !IsSlotPoll(packet); };
            EnumAssert.AreEqual(RfSimDiscoveryResult.NoPeer, bench.Reader.Discover());
            EnumAssert.AreEqual(RfSimPeerState.Attached, peer.Peer.State);
        }

        [TestMethod]
        public void AttachOnAirNamesTheBeaconItAnswers()
        {
            RfSimBench bench = new RfSimBench(40, 0);
            bench.AddPeer(RfSimBench.Device(40, true));
            byte[] nonce = new byte[8];
            byte[] attach = new byte[RfSimProtocol.AttachLength];
            int attaches = 0;
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (IsBeacon(packet))
                {
                    Array.Copy(packet.Payload, RfSimProtocol.BeaconNonceOffset, nonce, 0, 8);
                }
                else if (IsAttach(packet))
                {
                    Array.Copy(packet.Payload, attach, RfSimProtocol.AttachLength);
                    attaches++;
                }

                return true;
            };

            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            Assert.AreEqual(1, attaches);
            Assert.AreEqual((byte)0x02, attach[1]);
            for (int i = 0; i < RfSimProtocol.BeaconIdLength; i++)
            {
                Assert.AreEqual(nonce[i], attach[RfSimProtocol.AttachBeaconIdOffset + i]);
            }
        }

        [TestMethod]
        public void PeerThatMissedTheBeaconIsStaleNotSecurityError()
        {
            RfSimBench bench = new RfSimBench(41, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(41, true));
            LoseEverySlotPoll(bench, peer);

            // Window 2: the BEACON is lost; the peer still answers its slot's poll with the ATTACH for BEACON 1.
            int attaches = 0;
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (IsAttach(packet))
                {
                    attaches++;
                }

                return !IsBeacon(packet);
            };
            RfSimDiscoveryResult second = bench.Reader.Discover();

            Assert.AreEqual(1, attaches);
            EnumAssert.AreEqual(RfSimDiscoveryResult.NoPeer, second); // version 1 said SecurityError here
            Assert.AreEqual(1, bench.Reader.LastWindowStaleCount);
            Assert.AreEqual(0, bench.Reader.LastWindowForgedCount);
            Assert.AreEqual(0, bench.Reader.LastWindowAttachCount);
            Assert.IsFalse(bench.Reader.SessionActive);

            // Window 3, clean air: the peer hears the new BEACON and attaches.
            bench.Medium.Filter = null;
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            Assert.AreEqual(0, bench.Reader.LastWindowStaleCount);
            CollectionAssert.AreEqual(peer.Peer.PeerId, bench.Reader.PeerId);
            AssertSelectWorks(bench);
        }

        [TestMethod]
        public void ForgedAttachNamingThisBeaconIsSecurityError()
        {
            // Every field under the tag except the beacon id (byte 0 only in its NEAR flag, so that it stays an ATTACH):
            // the frame names this window's BEACON, so a tag that fails is a forgery.
            int[] positions = { 0, 3, 6, 7, 14, 15, RfSimProtocol.AttachTagOffset, RfSimProtocol.AttachLength - 1 };
            for (int i = 0; i < positions.Length; i++)
            {
                int at = positions[i];
                RfSimBench bench = new RfSimBench((uint)(50 + i), 0);
                VirtualRfSim peer = bench.AddPeer(RfSimBench.Device((byte)(50 + i), true));
                int forged = 0;
                bench.Medium.Filter = delegate (AirPacket packet)
                {
                    if (IsAttach(packet))
                    {
                        packet.Payload[at] ^= at == 0 ? RfSimProtocol.FlagNear : (byte)0x01;
                        forged++;
                    }

                    return true;
                };

                EnumAssert.AreEqual(RfSimDiscoveryResult.SecurityError, bench.Reader.Discover(), "byte " + at);
                Assert.AreEqual(1, forged, "byte " + at);
                Assert.AreEqual(1, bench.Reader.LastWindowForgedCount, "byte " + at);
                Assert.AreEqual(0, bench.Reader.LastWindowStaleCount, "byte " + at);
                Assert.IsFalse(bench.Reader.SessionActive, "byte " + at);

                bench.Medium.Filter = null;
                EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover(), "byte " + at);
                Assert.AreEqual(0, peer.Peer.ApdusProcessed);
            }
        }

        [TestMethod]
        public void AlteredBeaconIdMakesAForgeryLookStaleButNeverAttaches()
        {
            // The spec's stated limit: a frame naming another BEACON is not verified (it cannot open a session in this
            // window whatever its tag), so an attacker can make a forgery look stale: an empty slot, like jamming.
            for (int at = RfSimProtocol.AttachBeaconIdOffset; at < RfSimProtocol.AttachTagOffset; at++)
            {
                RfSimBench bench = new RfSimBench((uint)(60 + at), 0);
                bench.AddPeer(RfSimBench.Device((byte)(60 + at), true));
                int position = at;
                bench.Medium.Filter = delegate (AirPacket packet)
                {
                    if (IsAttach(packet))
                    {
                        packet.Payload[position] ^= 0x80;
                    }

                    return true;
                };

                EnumAssert.AreEqual(RfSimDiscoveryResult.NoPeer, bench.Reader.Discover(), "byte " + at);
                Assert.AreEqual(1, bench.Reader.LastWindowStaleCount, "byte " + at);
                Assert.AreEqual(0, bench.Reader.LastWindowForgedCount, "byte " + at);
                Assert.IsFalse(bench.Reader.SessionActive, "byte " + at);
            }
        }

        [TestMethod]
        public void StaleAttachRelabelledForThisBeaconIsSecurityError()
        {
            RfSimBench bench = new RfSimBench(42, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(42, true));
            LoseEverySlotPoll(bench, peer);

            // Window 2: an attacker hears the BEACON (the peer does not) and rewrites the stale ATTACH's beacon id to
            // this window's: the tag covers the beacon id, so the frame fails for this BEACON's keys.
            byte[] beaconId = new byte[RfSimProtocol.BeaconIdLength];
            int relabelled = 0;
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (IsBeacon(packet))
                {
                    Array.Copy(packet.Payload, RfSimProtocol.BeaconNonceOffset, beaconId, 0, RfSimProtocol.BeaconIdLength);
                    return false;
                }

                if (IsAttach(packet))
                {
                    Array.Copy(beaconId, 0, packet.Payload, RfSimProtocol.AttachBeaconIdOffset, RfSimProtocol.BeaconIdLength);
                    relabelled++;
                }

                return true;
            };

            EnumAssert.AreEqual(RfSimDiscoveryResult.SecurityError, bench.Reader.Discover());
            Assert.AreEqual(1, relabelled);
            Assert.AreEqual(1, bench.Reader.LastWindowForgedCount);
            Assert.AreEqual(0, bench.Reader.LastWindowStaleCount);
            Assert.IsFalse(bench.Reader.SessionActive);
        }

        [TestMethod]
        public void ReplayedAttachFromAnEarlierWindowIsStaleAndNeverAttaches()
        {
            RfSimBench bench = new RfSimBench(43, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(43, true));

            // An eavesdropper records a genuine ATTACH and the session goes ahead normally.
            AirPacket recorded = new AirPacket();
            bool recording = true;
            bool replaying = false;
            int replayed = 0;
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (!IsAttach(packet))
                {
                    return true;
                }

                if (recording)
                {
                    recorded.CopyFrom(packet);
                    recording = false;
                }
                else if (replaying && packet.Payload[2] == recorded.Payload[2])
                {
                    // Later it answers a poll of the same slot with the recorded ATTACH instead of the peer's own.
                    Array.Copy(recorded.Payload, packet.Payload, recorded.PayloadLength);
                    packet.PayloadLength = recorded.PayloadLength;
                    replayed++;
                }

                return true;
            };
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            Assert.IsFalse(recording);
            AssertSelectWorks(bench);
            bench.Reader.EndSession();

            // Windows until the peer picks the recorded slot again (1 in 4 per window) and the replay goes out.
            replaying = true;
            RfSimDiscoveryResult result = RfSimDiscoveryResult.Attached;
            for (int window = 0; window < 40 && replayed == 0; window++)
            {
                result = bench.Reader.Discover();
                if (replayed == 0)
                {
                    EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, result);
                    bench.Reader.EndSession();
                }
            }

            Assert.AreEqual(1, replayed);
            EnumAssert.AreEqual(RfSimDiscoveryResult.NoPeer, result); // stale, not SecurityError, not attached
            Assert.AreEqual(1, bench.Reader.LastWindowStaleCount);
            Assert.AreEqual(0, bench.Reader.LastWindowForgedCount);
            Assert.IsFalse(bench.Reader.SessionActive);

            bench.Medium.Filter = null;
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            AssertSelectWorks(bench);
            Assert.AreEqual(2, peer.Peer.ApdusProcessed); // one SELECT per session: nothing ran for the replay
        }

        [TestMethod]
        public void VersionOneBeaconGetsNoAnswer()
        {
            // A peer answers only BEACONs of its own version: ends of different versions see no peer, not an error.
            RfSimBench bench = new RfSimBench(44, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(44, true));
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (IsBeacon(packet))
                {
                    packet.Payload[1] = 0x01;
                }

                return true;
            };

            EnumAssert.AreEqual(RfSimDiscoveryResult.NoPeer, bench.Reader.Discover());
            Assert.AreEqual(0, bench.Reader.LastWindowStaleCount + bench.Reader.LastWindowForgedCount);
            EnumAssert.AreEqual(RfSimPeerState.Listening, peer.Peer.State);
        }
    }
}
