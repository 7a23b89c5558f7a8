using System;

namespace DualReader.Firmware.RfSim
{
    /// <summary>
    /// The frame layouts of the RF-SIM link, version 2 (PROTOCOL.md 3.1), for both ends: builds every frame into the
    /// caller's buffer (counter and tag included for session frames, section 6) and checks the frames that arrive.
    /// Nothing is allocated; every method is one call that does the whole frame, so the reader's per-packet path
    /// costs no more calls than the hand-written code it replaces (each call costs ~500-1000 host instructions in
    /// the nanoFramework interpreter). Single bytes of a received frame are read through the offset constants.
    /// </summary>
    /// <remarks>
    /// Session frames (PROTOCOL.md 3.1, "Reader session frames" / "Peer session frames"): type | counter (2, LE) |
    /// body | tag (8, SipHash-2-4 over every byte before it). The bodies of CMD, PULL, RESP, WAIT, CMD_ACK and
    /// ERROR are two bytes (e and i / k / hint / next, or code and 00h) followed by data (CMD 1..19, RESP 0..19);
    /// END carries one byte, its reason. All payloads are at most 32 bytes (PROTOCOL.md 2).
    /// </remarks>
    public static class RfSimFrameCodec
    {
        /// <summary>Largest frame: the nRF24L01+ payload (PROTOCOL.md 2: "All payloads are at most 32 bytes").</summary>
        public const int MaximumFrame = 32;

        /// <summary>Tag length (PROTOCOL.md 6: 8 little-endian bytes).</summary>
        public const int TagLength = SipHash24.TagLength;

        /// <summary>Offset of the type byte (high nibble type, low nibble flags; PROTOCOL.md 3).</summary>
        public const int TypeOffset = 0;

        /// <summary>Offset of the 16-bit little-endian counter of a session frame (PROTOCOL.md 3.1, 6).</summary>
        public const int CounterOffset = 1;

        /// <summary>Offset of the exchange number e (CMD, PULL, RESP, WAIT, CMD_ACK), of the ERROR code and of the END reason.</summary>
        public const int ExchangeOffset = 3;

        /// <summary>Offset of the ERROR code (PROTOCOL.md 3.1).</summary>
        public const int ErrorCodeOffset = 3;

        /// <summary>Offset of the second body byte: i (CMD), k (PULL, RESP), hint (WAIT), next fragment (CMD_ACK).</summary>
        public const int IndexOffset = 4;

        /// <summary>Offset of the fragment data of CMD and RESP.</summary>
        public const int DataOffset = 5;

        /// <summary>Bytes of a two-byte-body session frame besides its data: type, counter, e, i or k, tag (n = 13 + data).</summary>
        public const int SessionOverhead = DataOffset + TagLength;

        /// <summary>Shortest reader session frame: END, type | counter | reason | tag (PROTOCOL.md 7.3.1: under 12 bytes fails).</summary>
        public const int MinimumReaderFrame = 4 + TagLength;

        /// <summary>Shortest peer session frame (PROTOCOL.md 7.3.1: under 13 bytes ends the session).</summary>
        public const int MinimumPeerFrame = SessionOverhead;

        /// <summary>Offset of the version byte in BEACON and ATTACH (PROTOCOL.md 3.1, 3.2).</summary>
        public const int VersionOffset = 1;

        /// <summary>Offset of the reader id in BEACON and SLOT_POLL.</summary>
        public const int ReaderIdOffset = 2;

        /// <summary>Offset of the slot count S in BEACON.</summary>
        public const int BeaconSlotsOffset = 14;

        /// <summary>Offset of the slot delay (ms) in BEACON.</summary>
        public const int BeaconSlotDelayOffset = 15;

        /// <summary>Offset of the slot number in SLOT_POLL.</summary>
        public const int SlotPollSlotOffset = 1;

        /// <summary>Offset of the slot number in ATTACH.</summary>
        public const int AttachSlotOffset = 2;

        /// <summary>Offset of the peer id in ATTACH.</summary>
        public const int AttachPeerIdOffset = 3;

        /// <summary>Offset of the peer nonce Np in ATTACH.</summary>
        public const int AttachNonceOffset = 7;

        /// <summary>Offset of the turnaround (100 µs units) in ATTACH.</summary>
        public const int AttachTurnaroundOffset = 15;

        /// <summary>Result of <see cref="Open"/>: shorter than the minimum, or longer than a payload can be.</summary>
        public const int BadLength = -1;

        /// <summary>Result of <see cref="Open"/>: the tag does not verify.</summary>
        public const int BadTag = -2;

        /// <summary>Result of <see cref="Open"/>: the counter is not above the last accepted one (replayed or reordered).</summary>
        public const int Replayed = -3;

        /// <summary>Fragments of a message of <paramref name="length"/> bytes (at least 1: an empty response is one empty fragment, PROTOCOL.md 7.2).</summary>
        public static int FragmentCount(int length)
        {
            int fragments = (length + RfSimProtocol.ResponseFragment - 1) / RfSimProtocol.ResponseFragment;
            return fragments == 0 ? 1 : fragments;
        }

        // ---- Discovery (PROTOCOL.md 3.1 and 5) ----

        /// <summary>BEACON: 0x10 | ver | reader id (4) | Nr (8) | slots | slot delay. Returns 16.</summary>
        public static int WriteBeacon(byte[] frame, byte[] readerId, byte[] readerNonce, int slots, int slotDelayMilliseconds)
        {
            if (slots < 1 || slots > RfSimProtocol.MaximumSlots || slotDelayMilliseconds < 0 || slotDelayMilliseconds > 255)
            {
                throw new ArgumentOutOfRangeException(slots < 1 || slots > RfSimProtocol.MaximumSlots ? "slots" : "slotDelayMilliseconds");
            }

            frame[0] = RfSimProtocol.TypeBeacon;
            frame[VersionOffset] = RfSimProtocol.Version;
            Array.Copy(readerId, 0, frame, ReaderIdOffset, 4);
            Array.Copy(readerNonce, 0, frame, RfSimProtocol.BeaconNonceOffset, 8);
            frame[BeaconSlotsOffset] = (byte)slots;
            frame[BeaconSlotDelayOffset] = (byte)slotDelayMilliseconds;
            return RfSimProtocol.BeaconLength;
        }

        /// <summary>
        /// True for a BEACON a peer answers (PROTOCOL.md 3.1 and 5 step 2): type 0x1, exactly 16 bytes, ver 2, slots
        /// 1..4. Anything else is ignored.
        /// </summary>
        public static bool IsBeacon(byte[] frame, int length)
        {
            return length == RfSimProtocol.BeaconLength && (frame[0] & 0xF0) == RfSimProtocol.TypeBeacon && frame[VersionOffset] == RfSimProtocol.Version
                && frame[BeaconSlotsOffset] >= 1 && frame[BeaconSlotsOffset] <= RfSimProtocol.MaximumSlots;
        }

        /// <summary>Copies the reader id (4) and Nr (8) out of a BEACON; returns its slot count S.</summary>
        public static int ReadBeacon(byte[] frame, byte[] readerId, byte[] readerNonce)
        {
            Array.Copy(frame, ReaderIdOffset, readerId, 0, 4);
            Array.Copy(frame, RfSimProtocol.BeaconNonceOffset, readerNonce, 0, 8);
            return frame[BeaconSlotsOffset];
        }

        /// <summary>SLOT_POLL: 0x20 | slot | reader id (4). Returns 6.</summary>
        public static int WriteSlotPoll(byte[] frame, int slot, byte[] readerId)
        {
            frame[0] = RfSimProtocol.TypeSlotPoll;
            frame[SlotPollSlotOffset] = (byte)slot;
            Array.Copy(readerId, 0, frame, ReaderIdOffset, 4);
            return RfSimProtocol.SlotPollLength;
        }

        /// <summary>
        /// ATTACH: 0x80|NEAR | ver | slot | peer id (4) | Np (8) | turnaround (100 µs, at most 255) | beacon id (Nr
        /// bytes 0..3) | tag under K_pr (<paramref name="k0"/>, <paramref name="k1"/>) over bytes 0..19. Returns 28.
        /// </summary>
        public static int WriteAttach(byte[] frame, bool near, int slot, byte[] peerId, byte[] peerNonce, int turnaroundMicroseconds, byte[] readerNonce, ulong k0, ulong k1)
        {
            frame[0] = (byte)(RfSimProtocol.TypeAttach | (near ? RfSimProtocol.FlagNear : 0));
            frame[VersionOffset] = RfSimProtocol.Version;
            frame[AttachSlotOffset] = (byte)slot;
            Array.Copy(peerId, 0, frame, AttachPeerIdOffset, 4);
            Array.Copy(peerNonce, 0, frame, AttachNonceOffset, 8);
            int turnaround = turnaroundMicroseconds / 100;
            frame[AttachTurnaroundOffset] = (byte)(turnaround > 255 ? 255 : turnaround);
            Array.Copy(readerNonce, 0, frame, RfSimProtocol.AttachBeaconIdOffset, RfSimProtocol.BeaconIdLength);
            SipHash24.WriteTag(k0, k1, frame, 0, RfSimProtocol.AttachTagOffset, frame, RfSimProtocol.AttachTagOffset);
            return RfSimProtocol.AttachLength;
        }

        /// <summary>
        /// True when an ack payload is an ATTACH for <paramref name="slot"/> (PROTOCOL.md 5 step 4): 28 bytes, type
        /// 0x8, ver 2, the slot polled. Anything else is an empty slot.
        /// </summary>
        public static bool IsAttach(byte[] frame, int length, int slot)
        {
            return length == RfSimProtocol.AttachLength && (frame[0] & 0xF0) == RfSimProtocol.TypeAttach && frame[VersionOffset] == RfSimProtocol.Version
                && frame[AttachSlotOffset] == slot;
        }

        /// <summary>True when the ATTACH's beacon id is bytes 0..3 of <paramref name="readerNonce"/> (PROTOCOL.md 5: otherwise stale).</summary>
        public static bool AnswersBeacon(byte[] frame, byte[] readerNonce)
        {
            for (int i = 0; i < RfSimProtocol.BeaconIdLength; i++)
            {
                if (frame[RfSimProtocol.AttachBeaconIdOffset + i] != readerNonce[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Copies the peer id (4) and Np (8) out of an ATTACH; returns its turnaround in µs.</summary>
        public static int ReadAttach(byte[] frame, byte[] peerId, byte[] peerNonce)
        {
            Array.Copy(frame, AttachPeerIdOffset, peerId, 0, 4);
            Array.Copy(frame, AttachNonceOffset, peerNonce, 0, 8);
            return frame[AttachTurnaroundOffset] * 100;
        }

        /// <summary>True when the ATTACH's tag (bytes 20..27) verifies under K_pr over bytes 0..19.</summary>
        public static bool VerifyAttach(byte[] frame, ulong k0, ulong k1)
        {
            return SipHash24.VerifyTag(k0, k1, frame, 0, RfSimProtocol.AttachTagOffset, frame, RfSimProtocol.AttachTagOffset);
        }

        // ---- Session frames (PROTOCOL.md 3.1, 6 and 7) ----

        /// <summary>
        /// CMD(e, i): 0x30|MORE, <paramref name="counter"/>, e, i and 1..19 bytes of <paramref name="data"/>, sealed
        /// under K_rp. Returns 13 + <paramref name="count"/>.
        /// </summary>
        public static int WriteCommand(byte[] frame, bool more, int exchange, int index, byte[] data, int offset, int count, int counter, ulong k0, ulong k1)
        {
            if (count < 1 || count > RfSimProtocol.CommandFragment)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            frame[0] = (byte)(RfSimProtocol.TypeCommand | (more ? RfSimProtocol.FlagMore : 0));
            frame[CounterOffset] = (byte)counter;
            frame[CounterOffset + 1] = (byte)(counter >> 8);
            frame[ExchangeOffset] = (byte)exchange;
            frame[IndexOffset] = (byte)index;
            Array.Copy(data, offset, frame, DataOffset, count);
            int bodyEnd = DataOffset + count;
            SipHash24.WriteTag(k0, k1, frame, 0, bodyEnd, frame, bodyEnd);
            return bodyEnd + TagLength;
        }

        /// <summary>PULL(e, k): 0x40, <paramref name="counter"/>, e, k, sealed under K_rp. Returns 13.</summary>
        public static int WritePull(byte[] frame, int exchange, int fragment, int counter, ulong k0, ulong k1)
        {
            frame[0] = RfSimProtocol.TypePull;
            frame[CounterOffset] = (byte)counter;
            frame[CounterOffset + 1] = (byte)(counter >> 8);
            frame[ExchangeOffset] = (byte)exchange;
            frame[IndexOffset] = (byte)fragment;
            SipHash24.WriteTag(k0, k1, frame, 0, DataOffset, frame, DataOffset);
            return SessionOverhead;
        }

        /// <summary>END: 0x50, <paramref name="counter"/>, reason (0: normal end), sealed under K_rp. Returns 12.</summary>
        public static int WriteEnd(byte[] frame, int reason, int counter, ulong k0, ulong k1)
        {
            frame[0] = RfSimProtocol.TypeEnd;
            frame[ExchangeOffset] = (byte)reason;
            return Seal(frame, ExchangeOffset + 1, counter, k0, k1);
        }

        /// <summary>
        /// RESP(e, k): 0x90|MORE|NEAR, <paramref name="counter"/>, e, k and 0..19 bytes of <paramref name="data"/>,
        /// sealed under K_pr. Returns 13 + <paramref name="count"/>.
        /// </summary>
        public static int WriteResponse(byte[] frame, bool more, bool near, int exchange, int index, byte[] data, int offset, int count, int counter, ulong k0, ulong k1)
        {
            if (count < 0 || count > RfSimProtocol.ResponseFragment)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            frame[0] = (byte)(RfSimProtocol.TypeResponse | (more ? RfSimProtocol.FlagMore : 0) | (near ? RfSimProtocol.FlagNear : 0));
            frame[ExchangeOffset] = (byte)exchange;
            frame[IndexOffset] = (byte)index;
            Array.Copy(data, offset, frame, DataOffset, count);
            return Seal(frame, DataOffset + count, counter, k0, k1);
        }

        /// <summary>WAIT(e, hint): 0xA0|NEAR, <paramref name="counter"/>, e, hint in 100 µs (at most 255), sealed under K_pr. Returns 13.</summary>
        public static int WriteWait(byte[] frame, bool near, int exchange, int hintMicroseconds, int counter, ulong k0, ulong k1)
        {
            int hint = hintMicroseconds / 100;
            frame[0] = (byte)(RfSimProtocol.TypeWait | (near ? RfSimProtocol.FlagNear : 0));
            frame[ExchangeOffset] = (byte)exchange;
            frame[IndexOffset] = (byte)(hint > 255 ? 255 : hint);
            return Seal(frame, DataOffset, counter, k0, k1);
        }

        /// <summary>CMD_ACK(e, next): 0xB0|NEAR, <paramref name="counter"/>, e, the next fragment index, sealed under K_pr. Returns 13.</summary>
        public static int WriteCommandAck(byte[] frame, bool near, int exchange, int next, int counter, ulong k0, ulong k1)
        {
            frame[0] = (byte)(RfSimProtocol.TypeCommandAck | (near ? RfSimProtocol.FlagNear : 0));
            frame[ExchangeOffset] = (byte)exchange;
            frame[IndexOffset] = (byte)next;
            return Seal(frame, DataOffset, counter, k0, k1);
        }

        /// <summary>ERROR(code): 0xD0|NEAR, <paramref name="counter"/>, code, 00h, sealed under K_pr. Returns 13.</summary>
        public static int WriteError(byte[] frame, bool near, int code, int counter, ulong k0, ulong k1)
        {
            frame[0] = (byte)(RfSimProtocol.TypeError | (near ? RfSimProtocol.FlagNear : 0));
            frame[ErrorCodeOffset] = (byte)code;
            frame[IndexOffset] = 0;
            return Seal(frame, DataOffset, counter, k0, k1);
        }

        /// <summary>
        /// Writes <paramref name="counter"/> (bytes 1..2, little-endian) and the tag over bytes 0..<paramref name="bodyEnd"/>-1
        /// (PROTOCOL.md 6) into a frame whose type and body are in place; returns the frame length.
        /// </summary>
        public static int Seal(byte[] frame, int bodyEnd, int counter, ulong k0, ulong k1)
        {
            frame[CounterOffset] = (byte)counter;
            frame[CounterOffset + 1] = (byte)(counter >> 8);
            SipHash24.WriteTag(k0, k1, frame, 0, bodyEnd, frame, bodyEnd);
            return bodyEnd + TagLength;
        }

        /// <summary>
        /// Checks a received session frame of <paramref name="length"/> bytes (PROTOCOL.md 6 and 7.3.1): at least
        /// <paramref name="minimumLength"/> (<see cref="MinimumReaderFrame"/> at the peer, <see cref="MinimumPeerFrame"/>
        /// at the reader) and at most 32 bytes, the tag under the sender's key, and a counter above
        /// <paramref name="lastCounter"/>, in that order.
        /// </summary>
        /// <returns>The frame's counter (1..65535), or <see cref="BadLength"/>, <see cref="BadTag"/> or <see cref="Replayed"/>.</returns>
        public static int Open(byte[] frame, int length, int minimumLength, ulong k0, ulong k1, int lastCounter)
        {
            if (length < minimumLength || length > MaximumFrame)
            {
                return BadLength;
            }

            int bodyEnd = length - TagLength;
            if (!SipHash24.VerifyTag(k0, k1, frame, 0, bodyEnd, frame, bodyEnd))
            {
                return BadTag;
            }

            int counter = frame[CounterOffset] | (frame[CounterOffset + 1] << 8);
            return counter > lastCounter ? counter : Replayed;
        }
    }
}
