using System;
using DualReader.Firmware.RfSim;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.RfSim
{
    /// <summary>
    /// <see cref="RfSimFrameCodec"/>: every frame of PROTOCOL.md 3.1 built byte for byte as the worked examples of
    /// appendices B and C show it, read back (round trips), and the checks that reject frames of the wrong length,
    /// type, version, slot, tag or counter.
    /// </summary>
    [TestClass]
    public class RfSimFrameCodecTests
    {
        private static readonly byte[] SpecReaderId = { 0xD0, 0x01, 0x02, 0x03 };
        private static readonly byte[] SpecPeerId = { 0x50, 0x51, 0x52, 0x53 };
        private static readonly byte[] SpecReaderNonce = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17 };
        private static readonly byte[] SpecPeerNonce = { 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27 };

        /// <summary>SELECT PPSE, the command of appendix C.</summary>
        private static readonly byte[] SpecCommand = NfcTestSupport.Bytes("00A404000E325041592E5359532E444446303100");

        /// <summary>The demo applet's 49-byte answer of appendix C.</summary>
        private static readonly byte[] SpecResponse = NfcTestSupport.Bytes("6F2D840E325041592E5359532E4444463031A51BBF0C1861164F08A000000333010101500A50424F432044454249549000");

        private static string Hex(byte[] data, int count)
        {
            string text = "";
            for (int i = 0; i < count; i++)
            {
                text += data[i].ToString("X2");
            }

            return text;
        }

        /// <summary>The keys of appendix B (PSK 00..0F and the ids and nonces above).</summary>
        private static RfSimKeys SpecKeys()
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
        public void BeaconMatchesAppendixBAndReadsBack()
        {
            byte[] frame = new byte[RfSimFrameCodec.MaximumFrame];
            int length = RfSimFrameCodec.WriteBeacon(frame, SpecReaderId, SpecReaderNonce, 4, 15);
            Assert.AreEqual(16, length);
            Assert.AreEqual("1002D00102031011121314151617040F", Hex(frame, length));
            Assert.IsTrue(RfSimFrameCodec.IsBeacon(frame, length));

            byte[] readerId = new byte[4];
            byte[] nonce = new byte[8];
            Assert.AreEqual(4, RfSimFrameCodec.ReadBeacon(frame, readerId, nonce));
            Assert.AreEqual("D0010203", Hex(readerId, 4));
            Assert.AreEqual("1011121314151617", Hex(nonce, 8));

            // One slot and a slot delay of 255 ms are the other ends of the ranges.
            length = RfSimFrameCodec.WriteBeacon(frame, SpecReaderId, SpecReaderNonce, 1, 255);
            Assert.AreEqual("1002D0010203101112131415161701FF", Hex(frame, length));
            Assert.IsTrue(RfSimFrameCodec.IsBeacon(frame, length));
        }

        [TestMethod]
        public void BeaconsOfAnotherLengthVersionSlotCountOrTypeAreRejected()
        {
            byte[] frame = new byte[RfSimFrameCodec.MaximumFrame];
            int length = RfSimFrameCodec.WriteBeacon(frame, SpecReaderId, SpecReaderNonce, 4, 15);
            Assert.IsFalse(RfSimFrameCodec.IsBeacon(frame, length - 1));
            Assert.IsFalse(RfSimFrameCodec.IsBeacon(frame, length + 1));
            Assert.IsFalse(RfSimFrameCodec.IsBeacon(frame, 0));

            frame[RfSimFrameCodec.VersionOffset] = 0x01;
            Assert.IsFalse(RfSimFrameCodec.IsBeacon(frame, length));
            frame[RfSimFrameCodec.VersionOffset] = RfSimProtocol.Version;

            frame[RfSimFrameCodec.BeaconSlotsOffset] = 0;
            Assert.IsFalse(RfSimFrameCodec.IsBeacon(frame, length));
            frame[RfSimFrameCodec.BeaconSlotsOffset] = 5;
            Assert.IsFalse(RfSimFrameCodec.IsBeacon(frame, length));
            frame[RfSimFrameCodec.BeaconSlotsOffset] = 4;

            frame[0] = RfSimProtocol.TypeSlotPoll;
            Assert.IsFalse(RfSimFrameCodec.IsBeacon(frame, length));

            // The flag nibble is ignored (PROTOCOL.md 3: other flag bits are sent as 0 and ignored).
            frame[0] = RfSimProtocol.TypeBeacon | 0x01;
            Assert.IsTrue(RfSimFrameCodec.IsBeacon(frame, length));

            // A beacon the reader could not announce is a caller bug.
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => RfSimFrameCodec.WriteBeacon(frame, SpecReaderId, SpecReaderNonce, 0, 15));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => RfSimFrameCodec.WriteBeacon(frame, SpecReaderId, SpecReaderNonce, 5, 15));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => RfSimFrameCodec.WriteBeacon(frame, SpecReaderId, SpecReaderNonce, 4, 256));
        }

        [TestMethod]
        public void SlotPollCarriesSlotAndReaderId()
        {
            byte[] frame = new byte[RfSimFrameCodec.MaximumFrame];
            int length = RfSimFrameCodec.WriteSlotPoll(frame, 3, SpecReaderId);
            Assert.AreEqual(RfSimProtocol.SlotPollLength, length);
            Assert.AreEqual("2003D0010203", Hex(frame, length));
        }

        [TestMethod]
        public void AttachMatchesAppendixBAndReadsBack()
        {
            RfSimKeys keys = SpecKeys();
            byte[] frame = new byte[RfSimFrameCodec.MaximumFrame];
            int length = RfSimFrameCodec.WriteAttach(frame, true, 1, SpecPeerId, SpecPeerNonce, 4000, SpecReaderNonce, keys.PeerToReader0, keys.PeerToReader1);
            Assert.AreEqual(28, length);
            Assert.AreEqual("880201505152532021222324252627281011121341241424DD055252", Hex(frame, length));

            Assert.IsTrue(RfSimFrameCodec.IsAttach(frame, length, 1));
            Assert.IsTrue(RfSimFrameCodec.AnswersBeacon(frame, SpecReaderNonce));
            Assert.IsTrue(RfSimFrameCodec.VerifyAttach(frame, keys.PeerToReader0, keys.PeerToReader1));
            byte[] peerId = new byte[4];
            byte[] peerNonce = new byte[8];
            Assert.AreEqual(4000, RfSimFrameCodec.ReadAttach(frame, peerId, peerNonce));
            Assert.AreEqual("50515253", Hex(peerId, 4));
            Assert.AreEqual("2021222324252627", Hex(peerNonce, 8));

            // Without NEAR the type byte is 80h; a turnaround above 25.5 ms is announced as 255 (one byte).
            length = RfSimFrameCodec.WriteAttach(frame, false, 1, SpecPeerId, SpecPeerNonce, 30000, SpecReaderNonce, keys.PeerToReader0, keys.PeerToReader1);
            Assert.AreEqual((byte)0x80, frame[0]);
            Assert.AreEqual(25500, RfSimFrameCodec.ReadAttach(frame, peerId, peerNonce));
            Assert.IsTrue(RfSimFrameCodec.VerifyAttach(frame, keys.PeerToReader0, keys.PeerToReader1));
        }

        [TestMethod]
        public void AttachOfAnotherSlotLengthVersionOrBeaconOrWithABadTagIsRejected()
        {
            RfSimKeys keys = SpecKeys();
            byte[] frame = new byte[RfSimFrameCodec.MaximumFrame];
            int length = RfSimFrameCodec.WriteAttach(frame, true, 1, SpecPeerId, SpecPeerNonce, 4000, SpecReaderNonce, keys.PeerToReader0, keys.PeerToReader1);
            Assert.IsFalse(RfSimFrameCodec.IsAttach(frame, length, 0));
            Assert.IsFalse(RfSimFrameCodec.IsAttach(frame, length - 1, 1));
            Assert.IsFalse(RfSimFrameCodec.IsAttach(frame, 24, 1), "a version 1 ATTACH is 24 bytes");
            Assert.IsFalse(RfSimFrameCodec.IsAttach(frame, length + 1, 1));

            byte[] copy = new byte[RfSimFrameCodec.MaximumFrame];
            Array.Copy(frame, copy, length);
            copy[RfSimFrameCodec.VersionOffset] = 0x01;
            Assert.IsFalse(RfSimFrameCodec.IsAttach(copy, length, 1));
            Array.Copy(frame, copy, length);
            copy[0] = RfSimProtocol.TypeResponse | RfSimProtocol.FlagNear;
            Assert.IsFalse(RfSimFrameCodec.IsAttach(copy, length, 1));

            // Stale: it names another BEACON (PROTOCOL.md 5 step 4).
            byte[] otherNonce = { 0x10, 0x11, 0x12, 0x14, 0x14, 0x15, 0x16, 0x17 };
            Assert.IsFalse(RfSimFrameCodec.AnswersBeacon(frame, otherNonce));

            // Forged: a beacon id rewritten to the current one fails the tag, as does any other byte changed, and the
            // reader-to-peer key never verifies a peer frame (no reflection, PROTOCOL.md 6).
            for (int i = 0; i < length; i++)
            {
                Array.Copy(frame, copy, length);
                copy[i] ^= 0x01;
                Assert.IsFalse(RfSimFrameCodec.VerifyAttach(copy, keys.PeerToReader0, keys.PeerToReader1), "byte " + i);
            }

            Assert.IsFalse(RfSimFrameCodec.VerifyAttach(frame, keys.ReaderToPeer0, keys.ReaderToPeer1));
        }

        [TestMethod]
        public void SessionFramesMatchAppendixCAndOpen()
        {
            RfSimKeys keys = SpecKeys();
            ulong rp0 = keys.ReaderToPeer0;
            ulong rp1 = keys.ReaderToPeer1;
            ulong pr0 = keys.PeerToReader0;
            ulong pr1 = keys.PeerToReader1;
            byte[] frame = new byte[RfSimFrameCodec.MaximumFrame];

            // Reader frames 1..7 of appendix C.
            int length = RfSimFrameCodec.WriteCommand(frame, true, 1, 0, SpecCommand, 0, 19, 1, rp0, rp1);
            Assert.AreEqual(32, length);
            Assert.AreEqual("3101000100" + "00A404000E325041592E5359532E4444463031" + "F5B388EDA74874FA", Hex(frame, length));
            AssertOpens(frame, length, RfSimFrameCodec.MinimumReaderFrame, rp0, rp1, 1);

            length = RfSimFrameCodec.WriteCommand(frame, false, 1, 1, SpecCommand, 19, 1, 2, rp0, rp1);
            Assert.AreEqual("300200010100" + "393E28FDF22B7A7B", Hex(frame, length));
            AssertOpens(frame, length, RfSimFrameCodec.MinimumReaderFrame, rp0, rp1, 2);

            length = RfSimFrameCodec.WritePull(frame, 1, 1, 3, rp0, rp1);
            Assert.AreEqual(13, length);
            Assert.AreEqual("4003000101" + "8F43C267459195FE", Hex(frame, length));
            AssertOpens(frame, length, RfSimFrameCodec.MinimumReaderFrame, rp0, rp1, 3);

            length = RfSimFrameCodec.WriteEnd(frame, 0, 7, rp0, rp1);
            Assert.AreEqual(12, length);
            Assert.AreEqual("50070000" + "E62125063B454EF4", Hex(frame, length));
            AssertOpens(frame, length, RfSimFrameCodec.MinimumReaderFrame, rp0, rp1, 7);

            // Peer frames of appendix C.
            length = RfSimFrameCodec.WriteCommandAck(frame, true, 1, 1, 1, pr0, pr1);
            Assert.AreEqual("B801000101" + "D170C6A681D98CEF", Hex(frame, length));
            AssertOpens(frame, length, RfSimFrameCodec.MinimumPeerFrame, pr0, pr1, 1);

            length = RfSimFrameCodec.WriteWait(frame, true, 1, 1000, 2, pr0, pr1);
            Assert.AreEqual("A80200010A" + "FAB6CB4B7AA38484", Hex(frame, length));
            AssertOpens(frame, length, RfSimFrameCodec.MinimumPeerFrame, pr0, pr1, 2);

            length = RfSimFrameCodec.WriteResponse(frame, true, true, 1, 1, SpecResponse, 19, 19, 3, pr0, pr1);
            Assert.AreEqual("9903000101" + "1BBF0C1861164F08A000000333010101500A50" + "E7D4CC3795558168", Hex(frame, length));
            AssertOpens(frame, length, RfSimFrameCodec.MinimumPeerFrame, pr0, pr1, 3);

            length = RfSimFrameCodec.WriteResponse(frame, true, true, 1, 0, SpecResponse, 0, 19, 4, pr0, pr1);
            Assert.AreEqual("9904000100" + "6F2D840E325041592E5359532E4444463031A5" + "B51F9E5897A01CCC", Hex(frame, length));

            length = RfSimFrameCodec.WriteResponse(frame, false, true, 1, 2, SpecResponse, 38, 11, 5, pr0, pr1);
            Assert.AreEqual(24, length);
            Assert.AreEqual("9805000102" + "424F432044454249549000" + "74468F8B914688D4", Hex(frame, length));
            AssertOpens(frame, length, RfSimFrameCodec.MinimumPeerFrame, pr0, pr1, 5);
        }

        [TestMethod]
        public void EveryFieldOfASessionFrameRoundTrips()
        {
            RfSimKeys keys = SpecKeys();
            byte[] frame = new byte[RfSimFrameCodec.MaximumFrame];
            byte[] data = new byte[RfSimProtocol.CommandFragment];
            for (int count = 1; count <= RfSimProtocol.CommandFragment; count++)
            {
                for (int i = 0; i < count; i++)
                {
                    data[i] = (byte)(count * 31 + i);
                }

                int counter = 0x1200 + count * 0x11;
                int length = RfSimFrameCodec.WriteCommand(frame, count < 19, 250 + count, count, data, 0, count, counter, keys.ReaderToPeer0, keys.ReaderToPeer1);
                Assert.AreEqual(RfSimFrameCodec.SessionOverhead + count, length);
                Assert.AreEqual(counter, RfSimFrameCodec.Open(frame, length, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, counter - 1));
                Assert.AreEqual((byte)(count < 19 ? 0x31 : 0x30), frame[RfSimFrameCodec.TypeOffset]);
                Assert.AreEqual((byte)counter, frame[RfSimFrameCodec.CounterOffset], "counter LSB first");
                Assert.AreEqual((byte)(counter >> 8), frame[RfSimFrameCodec.CounterOffset + 1]);
                Assert.AreEqual((byte)(250 + count), frame[RfSimFrameCodec.ExchangeOffset]);
                Assert.AreEqual((byte)count, frame[RfSimFrameCodec.IndexOffset]);
                for (int i = 0; i < count; i++)
                {
                    Assert.AreEqual(data[i], frame[RfSimFrameCodec.DataOffset + i]);
                }
            }

            // An empty response is one RESP without data (PROTOCOL.md 7.2), and ERROR carries its code and 00h.
            int empty = RfSimFrameCodec.WriteResponse(frame, false, false, 9, 0, data, 0, 0, 1, keys.PeerToReader0, keys.PeerToReader1);
            Assert.AreEqual(RfSimFrameCodec.MinimumPeerFrame, empty);
            Assert.AreEqual("9001000900", Hex(frame, 5));
            Assert.AreEqual(1, RfSimFrameCodec.Open(frame, empty, RfSimFrameCodec.MinimumPeerFrame, keys.PeerToReader0, keys.PeerToReader1, 0));
            int error = RfSimFrameCodec.WriteError(frame, true, RfSimProtocol.ErrorCommandTooLong, 2, keys.PeerToReader0, keys.PeerToReader1);
            Assert.AreEqual("D802000300", Hex(frame, 5));
            Assert.AreEqual(2, RfSimFrameCodec.Open(frame, error, RfSimFrameCodec.MinimumPeerFrame, keys.PeerToReader0, keys.PeerToReader1, 1));
        }

        [TestMethod]
        public void ShortOversizedForgedReflectedAndReplayedFramesAreRejected()
        {
            RfSimKeys keys = SpecKeys();
            byte[] frame = new byte[40];
            int length = RfSimFrameCodec.WritePull(frame, 1, 0, 5, keys.ReaderToPeer0, keys.ReaderToPeer1);
            Assert.AreEqual(5, RfSimFrameCodec.Open(frame, length, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 4));

            // Short: under 12 bytes at the peer, under 13 at the reader (PROTOCOL.md 7.3.1); oversized: above 32.
            int end = RfSimFrameCodec.WriteEnd(frame, 0, 6, keys.ReaderToPeer0, keys.ReaderToPeer1);
            Assert.AreEqual(6, RfSimFrameCodec.Open(frame, end, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 5));
            Assert.AreEqual(RfSimFrameCodec.BadLength, RfSimFrameCodec.Open(frame, end, RfSimFrameCodec.MinimumPeerFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 5));
            Assert.AreEqual(RfSimFrameCodec.BadLength, RfSimFrameCodec.Open(frame, end - 1, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 5));
            Assert.AreEqual(RfSimFrameCodec.BadLength, RfSimFrameCodec.Open(frame, 0, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 5));
            Assert.AreEqual(RfSimFrameCodec.BadLength, RfSimFrameCodec.Open(frame, 33, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 5));

            // Forged: any byte changed, tag included; reflected: the other direction's key.
            length = RfSimFrameCodec.WritePull(frame, 1, 0, 5, keys.ReaderToPeer0, keys.ReaderToPeer1);
            for (int i = 0; i < length; i++)
            {
                frame[i] ^= 0x80;
                Assert.AreEqual(RfSimFrameCodec.BadTag, RfSimFrameCodec.Open(frame, length, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 0), "byte " + i);
                frame[i] ^= 0x80;
            }

            Assert.AreEqual(RfSimFrameCodec.BadTag, RfSimFrameCodec.Open(frame, length, RfSimFrameCodec.MinimumReaderFrame, keys.PeerToReader0, keys.PeerToReader1, 0));

            // Truncated by one byte: the tag moves and fails.
            Assert.AreEqual(RfSimFrameCodec.BadTag, RfSimFrameCodec.Open(frame, length - 1, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 0));

            // Replayed (the same counter) or reordered (an older one).
            Assert.AreEqual(RfSimFrameCodec.Replayed, RfSimFrameCodec.Open(frame, length, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 5));
            Assert.AreEqual(RfSimFrameCodec.Replayed, RfSimFrameCodec.Open(frame, length, RfSimFrameCodec.MinimumReaderFrame, keys.ReaderToPeer0, keys.ReaderToPeer1, 0xFFEF));
        }

        [TestMethod]
        public void FragmentsThatDoNotFitAreCallerBugs()
        {
            byte[] frame = new byte[RfSimFrameCodec.MaximumFrame];
            byte[] data = new byte[40];
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => RfSimFrameCodec.WriteCommand(frame, false, 1, 0, data, 0, 0, 1, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => RfSimFrameCodec.WriteCommand(frame, false, 1, 0, data, 0, 20, 1, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => RfSimFrameCodec.WriteResponse(frame, false, true, 1, 0, data, 0, 20, 1, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => RfSimFrameCodec.WriteResponse(frame, false, true, 1, 0, data, 0, -1, 1, 0, 0));
        }

        [TestMethod]
        public void FragmentCountsFollowTheNineteenByteFragments()
        {
            Assert.AreEqual(1, RfSimFrameCodec.FragmentCount(0), "an empty response is one empty fragment");
            Assert.AreEqual(1, RfSimFrameCodec.FragmentCount(1));
            Assert.AreEqual(1, RfSimFrameCodec.FragmentCount(19));
            Assert.AreEqual(2, RfSimFrameCodec.FragmentCount(20));
            Assert.AreEqual(3, RfSimFrameCodec.FragmentCount(49));
            Assert.AreEqual(14, RfSimFrameCodec.FragmentCount(RfSimProtocol.MaximumCommand));
            Assert.AreEqual(54, RfSimFrameCodec.FragmentCount(RfSimProtocol.MaximumResponse));
        }

        private static void AssertOpens(byte[] frame, int length, int minimumLength, ulong k0, ulong k1, int counter)
        {
            Assert.AreEqual(counter, RfSimFrameCodec.Open(frame, length, minimumLength, k0, k1, counter - 1));
            Assert.AreEqual(RfSimFrameCodec.Replayed, RfSimFrameCodec.Open(frame, length, minimumLength, k0, k1, counter));
        }
    }
}
