using System;
using DualReader.Firmware;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.RfSim
{
    /// <summary>
    /// The rules of PROTOCOL.md that a normal exchange never exercises: the reader's re-send when the peer really
    /// lacks a fragment (7.1), the answer to a PULL for an incomplete command (7.2), BEACONs the peer must ignore
    /// (3.1), valid frames of an unexpected type (7.3.1). Where the reference reader cannot be made to send such
    /// frames, a scripted reader does, with the session keys it derives itself (section 6).
    /// </summary>
    [TestClass]
    public class RfSimPeerRuleTests
    {
        [TestMethod]
        public void ReaderResendsFromTheFragmentThePeerLost()
        {
            // The peer's radio acknowledges fragment 3, but the peer firmware never sees it: the reader cannot tell
            // from the ESB ack, only from the CMD_ACK(e, 3) answers to fragments 4, 5, ... (one packet late).
            RfSimBench bench = new RfSimBench(28, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.LongCommandDevice(18));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            LoseCommandFragmentAtThePeer(bench, peer, 3);
            byte[] response = new byte[400];
            int count;

            ExchangeResult result = bench.Reader.Exchange(RfSimBench.LongCommand(), 0, RfSimProtocol.MaximumCommand, response, 0, response.Length, out count);

            EnumAssert.AreEqual(ExchangeResult.Ok, result);
            Assert.AreEqual(1, peer.Radio.Model.ReceivedPacketsLost);
            Assert.AreEqual(256, count); // the rule matched all 261 bytes: the command was put together right
            Assert.AreEqual((byte)0xFF, response[0]);
            Assert.AreEqual(1, peer.Peer.ApdusProcessed);
            // Fragment 4 gets an empty ack (nothing was loaded for the lost fragment), so the answer on the ack of
            // fragment 5 has no known frame; the answer on the ack of fragment 6 (CMD_ACK(e, 3) for fragment 5)
            // starts the re-send from 3. Fragments 3 to 6 went out twice: 29 + 4 packets.
            Assert.AreEqual(RfSimBench.MinimalPackets(261, 256) + 4, bench.Reader.LastExchangePackets);
        }

        [TestMethod]
        public void PullForAnIncompleteCommandGetsCommandAckAndTheReaderResends()
        {
            // The last fragment is lost behind the peer's radio: the peer answers the reader's PULLs with
            // CMD_ACK(e, 13) (PROTOCOL.md 7.2), not WAIT, and the reader sends fragment 13 again.
            RfSimBench bench = new RfSimBench(29, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.LongCommandDevice(19));
            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover());
            LoseCommandFragmentAtThePeer(bench, peer, 13);
            int commandAcksOnPulls = 0;
            AirPacketFilter lose = bench.Medium.Filter;
            bool afterPull = false;
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (!packet.IsAck)
                {
                    afterPull = (packet.Payload[0] & 0xF0) == RfSimProtocol.TypePull;
                }
                else if (afterPull && packet.PayloadLength > 0 && (packet.Payload[0] & 0xF0) == RfSimProtocol.TypeCommandAck && packet.Payload[4] == 13)
                {
                    commandAcksOnPulls++;
                }

                return lose(packet);
            };
            byte[] response = new byte[400];
            int count;

            ExchangeResult result = bench.Reader.Exchange(RfSimBench.LongCommand(), 0, RfSimProtocol.MaximumCommand, response, 0, response.Length, out count);

            EnumAssert.AreEqual(ExchangeResult.Ok, result);
            Assert.AreEqual(256, count);
            Assert.AreEqual(1, peer.Peer.ApdusProcessed);
            Assert.IsTrue(commandAcksOnPulls >= 1);
        }

        /// <summary>From the first time the reader sends CMD fragment <paramref name="index"/>, the peer's radio takes it
        /// but the peer firmware never sees it (<see cref="Nrf24Model.LoseNextReceivedPackets"/>); once.</summary>
        private static void LoseCommandFragmentAtThePeer(RfSimBench bench, VirtualRfSim peer, int index)
        {
            bool done = false;
            bench.Medium.Filter = delegate (AirPacket packet)
            {
                if (!done && !packet.IsAck && (packet.Payload[0] & 0xF0) == RfSimProtocol.TypeCommand && packet.Payload[4] == index)
                {
                    peer.Radio.Model.LoseNextReceivedPackets = 1;
                    done = true;
                }

                return true;
            };
        }

        [TestMethod]
        public void BeaconWithSlotCountOutsideOneToFourOrAnotherLengthIsIgnored()
        {
            RfSimBench bench = new RfSimBench(30, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(20, true));
            ScriptedReader reader = new ScriptedReader(bench);
            bench.Clock.Advance(1000);
            EnumAssert.AreEqual(RfSimPeerState.Listening, peer.Peer.State);

            reader.Beacon(0, RfSimProtocol.BeaconLength);
            EnumAssert.AreEqual(RfSimPeerState.Listening, peer.Peer.State, "slots 0");
            reader.Beacon(5, RfSimProtocol.BeaconLength);
            EnumAssert.AreEqual(RfSimPeerState.Listening, peer.Peer.State, "slots 5");
            reader.Beacon(255, RfSimProtocol.BeaconLength);
            EnumAssert.AreEqual(RfSimPeerState.Listening, peer.Peer.State, "slots 255");
            reader.Beacon(4, RfSimProtocol.BeaconLength + 1);
            EnumAssert.AreEqual(RfSimPeerState.Listening, peer.Peer.State, "17 bytes");

            reader.Beacon(1, RfSimProtocol.BeaconLength);
            EnumAssert.AreEqual(RfSimPeerState.Attached, peer.Peer.State, "slots 1");
            Assert.IsTrue(reader.Attach(1));
        }

        [TestMethod]
        public void ValidFrameOfAnUnexpectedTypeIsAnsweredWithProtocolError()
        {
            RfSimBench bench = new RfSimBench(31, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(21, true));
            ScriptedReader reader = new ScriptedReader(bench);
            reader.Beacon(1, RfSimProtocol.BeaconLength);
            Assert.IsTrue(reader.Attach(1));

            // Type 0x6 is no reader frame type (PROTOCOL.md 3): ERROR(2), on the next ack, and the session stays.
            Assert.AreEqual(0, reader.Send(0x60, 1, 0));
            int answer = reader.Send(RfSimProtocol.TypePull, 1, 0);
            Assert.AreEqual(13, answer);
            Assert.IsTrue(reader.AckIsAuthentic(answer));
            Assert.AreEqual((byte)(RfSimProtocol.TypeError | RfSimProtocol.FlagNear), reader.Ack[0]);
            Assert.AreEqual((byte)RfSimProtocol.ErrorProtocol, reader.Ack[3]);
            EnumAssert.AreEqual(RfSimPeerState.InSession, peer.Peer.State);

            // A PULL before any CMD names no exchange of the peer's: ERROR(2) as well (7.2).
            answer = reader.Send(RfSimProtocol.TypePull, 1, 0);
            Assert.IsTrue(reader.AckIsAuthentic(answer));
            Assert.AreEqual((byte)RfSimProtocol.ErrorProtocol, reader.Ack[3]);
            Assert.AreEqual(0, peer.Peer.SecurityRejections);
        }

        [TestMethod]
        public void PullForAnIncompleteCommandFromAScriptedReader()
        {
            RfSimBench bench = new RfSimBench(32, 0);
            VirtualRfSim peer = bench.AddPeer(RfSimBench.Device(22, true));
            ScriptedReader reader = new ScriptedReader(bench);
            reader.Beacon(1, RfSimProtocol.BeaconLength);
            Assert.IsTrue(reader.Attach(1));

            // CMD(1, 0) with MORE, then PULLs: the first PULL's ack answers the CMD (CMD_ACK(1, 1)), the second
            // PULL's ack answers the first PULL: the command is incomplete, fragment 1 is missing (7.2).
            reader.Command(1, 0, true);
            int answer = reader.Send(RfSimProtocol.TypePull, 1, 0);
            Assert.IsTrue(reader.AckIsAuthentic(answer));
            Assert.AreEqual((byte)(RfSimProtocol.TypeCommandAck | RfSimProtocol.FlagNear), reader.Ack[0]);
            Assert.AreEqual((byte)1, reader.Ack[4]);
            answer = reader.Send(RfSimProtocol.TypePull, 1, 0);
            Assert.IsTrue(reader.AckIsAuthentic(answer));
            Assert.AreEqual((byte)(RfSimProtocol.TypeCommandAck | RfSimProtocol.FlagNear), reader.Ack[0]);
            Assert.AreEqual((byte)1, reader.Ack[3]);
            Assert.AreEqual((byte)1, reader.Ack[4]);
            Assert.AreEqual(0, peer.Peer.ApdusProcessed);
        }

        /// <summary>
        /// A reader written from PROTOCOL.md alone on the bench's reader radio: BEACON, SLOT_POLL, the keys of
        /// section 6 and sealed frames, without the reference reader's rules.
        /// </summary>
        private sealed class ScriptedReader
        {
            private static readonly byte[] Nonce = { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38 };

            private readonly RfSimBench bench;
            private readonly Nrf24Driver radio;
            private readonly RfSimKeys keys = new RfSimKeys(RfSimBench.Key);
            private readonly byte[] frame = new byte[32];
            private readonly byte[] address = new byte[5];
            private int counter;

            public ScriptedReader(RfSimBench bench)
            {
                this.bench = bench;
                radio = bench.ReaderRadio.Driver;
                Ack = new byte[32];
            }

            public byte[] Ack { get; private set; }

            /// <summary>A BEACON announcing <paramref name="slots"/> slots, <paramref name="length"/> bytes long, then the slot delay.</summary>
            public void Beacon(int slots, int length)
            {
                Array.Clear(frame, 0, frame.Length);
                frame[0] = RfSimProtocol.TypeBeacon;
                frame[1] = RfSimProtocol.Version;
                Array.Copy(RfSimBench.ReaderIdentity, 0, frame, 2, 4);
                Array.Copy(Nonce, 0, frame, RfSimProtocol.BeaconNonceOffset, 8);
                frame[14] = (byte)slots;
                frame[15] = 15;
                RfSimProtocol.WriteDiscoveryAddress(address, 0);
                radio.SetTransmitAddress(address, 0);
                int ackLength;
                radio.Send(frame, 0, length, false, Ack, 0, out ackLength);
                bench.Clock.Advance(15000);
            }

            /// <summary>SLOT_POLL on every slot below <paramref name="slots"/>; true when one brought an ATTACH (keys derived).</summary>
            public bool Attach(int slots)
            {
                for (int slot = 0; slot < slots; slot++)
                {
                    RfSimProtocol.WriteSlotAddress(slot, address, 0);
                    radio.SetTransmitAddress(address, 0);
                    frame[0] = RfSimProtocol.TypeSlotPoll;
                    frame[1] = (byte)slot;
                    Array.Copy(RfSimBench.ReaderIdentity, 0, frame, 2, 4);
                    int ackLength;
                    if (radio.Send(frame, 0, RfSimProtocol.SlotPollLength, true, Ack, 0, out ackLength) == Nrf24SendResult.Sent && ackLength == RfSimProtocol.AttachLength)
                    {
                        byte[] peerId = new byte[4];
                        byte[] peerNonce = new byte[8];
                        Array.Copy(Ack, 3, peerId, 0, 4);
                        Array.Copy(Ack, 7, peerNonce, 0, 8);
                        keys.Derive(RfSimBench.ReaderIdentity, 0, peerId, 0, Nonce, 0, peerNonce, 0);
                        counter = 0;
                        return SipHash24.VerifyTag(keys.PeerToReader0, keys.PeerToReader1, Ack, 0, RfSimProtocol.AttachTagOffset, Ack, RfSimProtocol.AttachTagOffset);
                    }
                }

                return false;
            }

            /// <summary>A sealed CMD fragment (e, i) with one data byte; returns the ack payload length.</summary>
            public int Command(int e, int i, bool more)
            {
                frame[0] = (byte)(RfSimProtocol.TypeCommand | (more ? RfSimProtocol.FlagMore : 0));
                frame[3] = (byte)e;
                frame[4] = (byte)i;
                frame[5] = 0x80;
                return Seal(6);
            }

            /// <summary>A sealed frame of <paramref name="type"/> with the body (a, b); returns the ack payload length.</summary>
            public int Send(byte type, int a, int b)
            {
                frame[0] = type;
                frame[3] = (byte)a;
                frame[4] = (byte)b;
                return Seal(5);
            }

            /// <summary>True when the ack payload is a peer frame with a valid tag (its counter is not checked here).</summary>
            public bool AckIsAuthentic(int length)
            {
                return length >= 13 && SipHash24.VerifyTag(keys.PeerToReader0, keys.PeerToReader1, Ack, 0, length - SipHash24.TagLength, Ack, length - SipHash24.TagLength);
            }

            private int Seal(int bodyEnd)
            {
                counter++;
                RfSimProtocol.WriteUInt16(counter, frame, 1);
                SipHash24.WriteTag(keys.ReaderToPeer0, keys.ReaderToPeer1, frame, 0, bodyEnd, frame, bodyEnd);
                int ackLength;
                EnumAssert.AreEqual(Nrf24SendResult.Sent, radio.Send(frame, 0, bodyEnd + SipHash24.TagLength, true, Ack, 0, out ackLength));

                // The peer's turnaround (the simulated peer announces 0; PROTOCOL.md 7.4 asks for at least 300 µs
                // after an empty ack).
                bench.Clock.Advance(300);
                return ackLength;
            }
        }
    }
}
