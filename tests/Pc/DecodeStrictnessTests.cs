using System;
using System.Linq;
using System.Text.Json;
using DualReader.Firmware.HostLink;
using nanoFramework.TestFramework;
using static DualReader.Tests.Pc.CaptureBuilder;

namespace DualReader.Tests.Pc;

/// <summary>
/// `decode` never shows a value the frame did not carry (PROTOCOL.md sections 1-3): every frame with a good CRC that
/// cannot be decoded is a decode_error with its seq, undefined enumeration values print as numbers, host frames have
/// seq, and the checks run in the documented order.
/// </summary>
[TestClass]
public class DecodeStrictnessTests
{
    /// <summary>Seq 0 and 2 are good error records around <paramref name="middle"/> (seq 1): the middle must be explained.</summary>
    private static JsonElement DecodeErrorFor(byte[] middle, string expectedError, string expectedField = null)
    {
        byte[] good0 = Encode(new ErrorRecord { Code = "first", TimeMicroseconds = 1 }, 0);
        byte[] good2 = Encode(new ErrorRecord { Code = "last", TimeMicroseconds = 3 }, 2);
        (int code, JsonElement[] lines, string output, _) = DecodeJson(good0.Concat(middle).Concat(good2).ToArray());
        Assert.AreEqual(0, code, output);
        Assert.AreEqual(0, lines.OfType("gap").Count(), "the undecodable number is explained, not a gap: " + output);
        JsonElement error = lines.OfType("decode_error").Single();
        Assert.AreEqual(expectedError, error.GetProperty("error").GetString(), output);
        Assert.AreEqual(1, error.GetProperty("seq").GetInt32(), output);
        Assert.AreEqual(good0.Length, error.GetProperty("offset").GetInt32(), "offset is the frame's first byte");
        if (expectedField != null)
        {
            Assert.AreEqual(expectedField, error.GetProperty("field").GetString(), output);
        }

        CollectionAssert.AreEqual(new[] { 0, 2 }, lines.Where(line => Type(line) != "decode_error").Select(line => line.GetProperty("seq").GetInt32()).ToArray());
        return error;
    }

    [TestMethod]
    public void UnknownMessageTypeIsADecodeErrorWithItsNumber()
    {
        JsonElement error = DecodeErrorFor(Frame(0x7D, 1, Field(0x02, new byte[8])), "unknown_type");
        Assert.AreEqual(0x7D, error.GetProperty("message_type").GetInt32());
    }

    [TestMethod]
    public void FieldOverrunningThePayloadIsADecodeError()
    {
        // code (0x20) says 16 bytes, 1 follows.
        DecodeErrorFor(Frame((byte)MessageType.Error, 1, Int64(FieldTag.TimeMicroseconds, 5).Concat(new byte[] { 0x20, 0x10, 0x00, (byte)'x' }).ToArray()), "field_overrun", "code");
        // Two bytes left: not even a field header.
        DecodeErrorFor(Frame((byte)MessageType.Error, 1, Int64(FieldTag.TimeMicroseconds, 5).Concat(Text(FieldTag.ErrorCode, "x")).Concat(new byte[] { 0x21, 0x00 }).ToArray()), "field_overrun");
    }

    [TestMethod]
    public void MissingRequiredFieldsAreNeverFilledIn()
    {
        // A transaction without outcome once printed "outcome":"ok"; without uid, "uid":"".
        foreach (FieldTag missing in new[] { FieldTag.Outcome, FieldTag.Uid, FieldTag.TimeMicroseconds, FieldTag.DurationMicroseconds, FieldTag.Interface })
        {
            byte[][] fields = TransactionFields().Where(field => field[0] != (byte)missing).ToArray();
            DecodeErrorFor(Frame(MessageType.Transaction, 1, fields), "missing_field", DualReader.Host.HostLink.RecordDecoder.FieldName((byte)missing));
        }

        // A lost record without fields once covered seq 0.
        DecodeErrorFor(Frame(MessageType.Lost, 1), "missing_field");
    }

    [TestMethod]
    public void FieldsOfTheWrongSizeAreDecodeErrors()
    {
        // 12 bytes of timings once showed one entry.
        byte[] twelve = Field(FieldTag.Timing, 1, 0, 1, 0, 0, 0, 3, 1, 2, 0, 0, 0);
        DecodeErrorFor(Frame(MessageType.Transaction, 1, TransactionFields().Append(twelve).ToArray()), "bad_field_length", "timings");
        DecodeErrorFor(Frame(MessageType.Transaction, 1, TransactionFields().Append(Field(FieldTag.DurationMicroseconds, 1, 2)).ToArray()), "bad_field_length", "duration_us");
        DecodeErrorFor(Frame(MessageType.Transaction, 1, TransactionFields().Append(Field(FieldTag.Atqa, 0x44)).ToArray()), "bad_field_length", "atqa");
        // An NDEF entry whose type length runs past its field.
        DecodeErrorFor(Frame(MessageType.Transaction, 1, TransactionFields().Append(Field(FieldTag.NdefRecord, 5, (byte)'U')).ToArray()), "bad_field_length", "ndef");
        DecodeErrorFor(Frame(MessageType.FrameTrace, 1, Field(FieldTag.Interface, 0), Int64(FieldTag.TimeMicroseconds, 1), Field(FieldTag.Frame, 0, 0, 1, 2)), "bad_field_length", "frames");
    }

    [TestMethod]
    public void DuplicateTextAndReservedValuesAreDecodeErrors()
    {
        DecodeErrorFor(Frame(MessageType.Transaction, 1, TransactionFields().Append(Text(FieldTag.Outcome, "no_response")).ToArray()), "duplicate_field", "outcome");
        DecodeErrorFor(Frame(MessageType.Error, 1, Int64(FieldTag.TimeMicroseconds, 1), Field(FieldTag.ErrorCode, (byte)'a', 0x07)), "bad_text", "code");
        DecodeErrorFor(Frame(MessageType.Error, 1, Int64(FieldTag.TimeMicroseconds, 1), Field(FieldTag.ErrorCode, 0xC3, 0xA9)), "bad_text", "code");
        // accepted 2 once printed true.
        DecodeErrorFor(Frame(MessageType.ConfigurationResult, 1, Int64(FieldTag.TimeMicroseconds, 1), UInt32(FieldTag.HostSequence, 9), Field(FieldTag.Accepted, 2)), "bad_value", "accepted");
        DecodeErrorFor(Frame(MessageType.Transaction, 1, TransactionFields().Append(Field(FieldTag.CardKind, 0)).ToArray()), "bad_value", "token_or_card");
        DecodeErrorFor(Frame(MessageType.Transaction, 1, TransactionFields().Skip(1).Prepend(Field(FieldTag.Interface, 0xFF)).ToArray()), "bad_value", "interface");
        DecodeErrorFor(Frame(MessageType.Transaction, 1, TransactionFields().Append(UInt16(FieldTag.CurrencyCode, 1000)).ToArray()), "bad_value", "currency");
        DecodeErrorFor(Frame(MessageType.Transaction, 1, TransactionFields().Append(Text(FieldTag.Expiry, "2513")).ToArray()), "bad_value", "expiry");
        DecodeErrorFor(Frame(MessageType.Lost, 1, Int64(FieldTag.TimeMicroseconds, 1), UInt32(FieldTag.LostFirstSequence, 7), UInt32(FieldTag.LostLastSequence, 5), UInt32(FieldTag.LostCount, 1)), "bad_value", "last_seq");
        DecodeErrorFor(Frame(MessageType.Lost, 1, Int64(FieldTag.TimeMicroseconds, 1), UInt32(FieldTag.LostFirstSequence, 0), UInt32(FieldTag.LostLastSequence, 0), UInt32(FieldTag.LostCount, 2)), "bad_value", "lost");
    }

    [TestMethod]
    public void UndefinedEnumerationValuesPrintAsTheirNumbers()
    {
        byte[][] fields = TransactionFields().Skip(1).Prepend(Field(FieldTag.Interface, 7))
            .Append(Field(FieldTag.CardKind, 3))
            .Append(Field(FieldTag.Timing, 9, 0, 0x10, 0, 0, 0))
            .Append(UInt16(FieldTag.CurrencyCode, 36))
            .Append(UInt16(FieldTag.LastStatusWord, 0x6A88))
            .ToArray();
        byte[] trace = Frame(MessageType.FrameTrace, 1, Field(FieldTag.Interface, 0), Int64(FieldTag.TimeMicroseconds, 1),
            Field(FieldTag.Frame, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0x26));
        (int code, JsonElement[] lines, string output, _) = DecodeJson(Frame(MessageType.Transaction, 0, fields).Concat(trace).ToArray());

        Assert.AreEqual(0, code, output);
        JsonElement transaction = lines[0];
        Assert.AreEqual(7, transaction.GetProperty("interface").GetInt32());
        Assert.AreEqual(3, transaction.GetProperty("token_or_card").GetInt32());
        Assert.AreEqual(9, transaction.GetProperty("timings")[0].GetProperty("phase").GetInt32());
        Assert.AreEqual("036", transaction.GetProperty("currency").GetString());
        Assert.AreEqual("6A88", transaction.GetProperty("last_sw").GetString());
        JsonElement frame = lines[1].GetProperty("frames")[0];
        Assert.AreEqual(5, frame.GetProperty("direction").GetInt32());
        Assert.AreEqual(6, frame.GetProperty("bit_rate_code").GetInt32());
        Assert.IsFalse(frame.TryGetProperty("kbps", out _));
        Assert.AreEqual("26", frame.GetProperty("data").GetString());
        Assert.IsFalse(frame.GetProperty("crc").GetBoolean(), "flags bits other than bit 0 are ignored");
    }

    [TestMethod]
    public void UnknownTagsAreSkipped()
    {
        byte[][] fields = TransactionFields().Append(Field(0x7A, 1, 2, 3)).Append(Text(FieldTag.ErrorCode, "belongs to error records")).ToArray();
        (int code, JsonElement[] lines, string output, _) = DecodeJson(Frame(MessageType.Transaction, 0, fields));
        Assert.AreEqual(0, code, output);
        Assert.AreEqual("transaction", Type(lines.Single()));
        Assert.IsFalse(lines[0].TryGetProperty("code", out _));
    }

    [TestMethod]
    public void HostFramesInACaptureHaveSeqAndSayTheyComeFromTheHost()
    {
        byte[] capture = Encode(new ErrorRecord { Code = "x" }, 0)
            .Concat(Encode(new AcknowledgeMessage { AcknowledgedSequence = 0 }, 7))
            .Concat(Encode(new StatusRequestMessage(), 8))
            .Concat(Frame(0x84, 9, Field(FieldTag.Apdu, 0x00, 0xA4)))
            .ToArray();
        (int code, JsonElement[] lines, string output, _) = DecodeJson(capture);

        Assert.AreEqual(0, code, output);
        Assert.AreEqual(4, lines.Length, output);
        JsonElement ack = lines[1];
        Assert.AreEqual(7, ack.GetProperty("seq").GetInt32());
        Assert.AreEqual("ack", Type(ack));
        Assert.AreEqual("host", ack.GetProperty("from").GetString());
        Assert.AreEqual(7, ack.GetProperty("host_seq").GetInt32());
        Assert.AreEqual(0, ack.GetProperty("ack_seq").GetInt32());
        Assert.AreEqual("status_request", Type(lines[2]));
        Assert.AreEqual(8, lines[2].GetProperty("seq").GetInt32());
        // A pass-through command of 2 bytes is no APDU: reported, with the host's number and from.
        JsonElement error = lines[3];
        Assert.AreEqual("bad_value", error.GetProperty("error").GetString());
        Assert.AreEqual(9, error.GetProperty("seq").GetInt32());
        Assert.AreEqual("host", error.GetProperty("from").GetString());
        Assert.AreEqual(0, lines.OfType("gap").Count());
    }

    [TestMethod]
    public void ChecksRunInTheDocumentedOrder()
    {
        byte[] payload = Int64(FieldTag.TimeMicroseconds, 1).Concat(Text(FieldTag.ErrorCode, "x")).ToArray();
        byte[] good = Encode(new ErrorRecord { Code = "good" }, 0);

        // Version 2 with a good CRC: unknown_version, and nothing from the header is trusted (no seq).
        (_, JsonElement[] lines, string output, _) = DecodeJson(good.Concat(Frame((byte)MessageType.Error, 1, payload, version: 2)).ToArray());
        JsonElement error = lines.OfType("decode_error").Single();
        Assert.AreEqual("unknown_version", error.GetProperty("error").GetString(), output);
        Assert.IsFalse(error.TryGetProperty("seq", out _));

        // Version 2 and a bad CRC: the CRC is checked first.
        byte[] header = { 2, (byte)MessageType.Error, 1, 0, 0, 0, (byte)payload.Length, 0 };
        (_, lines, output, _) = DecodeJson(good.Concat(Wire(header.Concat(payload).ToArray(), crcFlip: 0x0101)).ToArray());
        Assert.AreEqual("bad_crc", lines.OfType("decode_error").Single().GetProperty("error").GetString(), output);

        // A good CRC over a header that declares 2000 bytes: oversize, with seq (the header is trusted from here on).
        header = new byte[] { 1, (byte)MessageType.Error, 1, 0, 0, 0, 0xD0, 0x07 };
        (_, lines, output, _) = DecodeJson(good.Concat(Wire(header.Concat(payload).ToArray())).ToArray());
        error = lines.OfType("decode_error").Single();
        Assert.AreEqual("oversize", error.GetProperty("error").GetString(), output);
        Assert.AreEqual(1, error.GetProperty("seq").GetInt32());

        // Fewer payload bytes than the header says: truncated; more: malformed.
        header[6] = (byte)(payload.Length + 1);
        header[7] = 0;
        (_, lines, output, _) = DecodeJson(good.Concat(Wire(header.Concat(payload).ToArray())).ToArray());
        Assert.AreEqual("truncated", lines.OfType("decode_error").Single().GetProperty("error").GetString(), output);
        header[6] = (byte)(payload.Length - 1);
        (_, lines, output, _) = DecodeJson(good.Concat(Wire(header.Concat(payload).ToArray())).ToArray());
        Assert.AreEqual("malformed", lines.OfType("decode_error").Single().GetProperty("error").GetString(), output);
    }

    /// <summary>COBS and delimiter around header + payload, with its CRC (XORed with <paramref name="crcFlip"/>).</summary>
    private static byte[] Wire(byte[] frame, ushort crcFlip = 0)
    {
        ushort crc = (ushort)(Crc16.Compute(frame, 0, frame.Length) ^ crcFlip);
        byte[] whole = frame.Concat(new[] { (byte)crc, (byte)(crc >> 8) }).ToArray();
        byte[] encoded = new byte[HostLinkProtocol.MaximumWireLength];
        int length = Cobs.Encode(whole, 0, whole.Length, encoded, 0, encoded.Length);
        return encoded.Take(length).Append((byte)0).ToArray();
    }

    [TestMethod]
    public void TheLargestFrameFitsTheEncodedLimitExactly()
    {
        // The largest payload the protocol allows (1024 bytes) encodes within MaximumEncodedLength.
        byte[] detail = Enumerable.Repeat((byte)'d', 1024 - 11 - 4 - 3).ToArray();
        byte[] payload = Int64(FieldTag.TimeMicroseconds, 0x0101010101010101).Concat(Text(FieldTag.ErrorCode, "x")).Concat(Field(FieldTag.ErrorDetail, detail)).ToArray();
        Assert.AreEqual(1024, payload.Length);
        byte[] largest = Frame((byte)MessageType.Error, 0x01010101, payload);
        OutputHelper.WriteLine("largest frame on the wire: " + largest.Length + " bytes");
        Assert.IsTrue(largest.Length <= HostLinkProtocol.MaximumWireLength);

        (int code, JsonElement[] lines, string output, _) = DecodeJson(largest);
        Assert.AreEqual(0, code, output);
        Assert.AreEqual("error", Type(lines.Single()));

        // MaximumEncodedLength bytes before a delimiter are still a frame (here a malformed one); one more is oversize.
        byte[] atLimit = Enumerable.Repeat((byte)0x01, HostLinkProtocol.MaximumEncodedLength).Append((byte)0).ToArray();
        byte[] overLimit = Enumerable.Repeat((byte)0x01, HostLinkProtocol.MaximumEncodedLength + 1).Append((byte)0).ToArray();
        (_, lines, _, _) = DecodeJson(largest.Concat(atLimit).Concat(overLimit).ToArray());
        CollectionAssert.AreEqual(new[] { "malformed", "oversize" }, lines.OfType("decode_error").Select(line => line.GetProperty("error").GetString()).ToArray());
    }

    [TestMethod]
    public void ADifferentRecordUnderAHeldNumberIsReportedNotHidden()
    {
        byte[] capture = Encode(new ErrorRecord { Code = "before_reset" }, 0)
            .Concat(Encode(new ErrorRecord { Code = "before_reset" }, 0))
            .Concat(Encode(new ErrorRecord { Code = "after_reset" }, 0))
            .ToArray();
        (int code, JsonElement[] lines, string output, _) = DecodeJson(capture);
        Assert.AreEqual(0, code, output);
        Assert.AreEqual("before_reset", lines[0].GetProperty("code").GetString());
        JsonElement conflict = lines.OfType("decode_error").Single();
        Assert.AreEqual("conflicting_copy", conflict.GetProperty("error").GetString());
        Assert.AreEqual(0, conflict.GetProperty("seq").GetInt32());
        Assert.AreEqual(2 * Encode(new ErrorRecord { Code = "before_reset" }, 0).Length, conflict.GetProperty("offset").GetInt32());
    }

    [TestMethod]
    public void ALostRecordWhoseCountGrewReplacesTheCopyShown()
    {
        byte[] capture = Encode(new LostRecord { FirstSequence = 0, LastSequence = 1, Count = 2 }, 4)
            .Concat(Encode(new LostRecord { FirstSequence = 0, LastSequence = 3, Count = 4 }, 4))
            .Concat(Encode(new LostRecord { FirstSequence = 0, LastSequence = 1, Count = 2 }, 4))
            .Concat(Encode(new ErrorRecord { Code = "x" }, 5))
            .ToArray();
        (int code, JsonElement[] lines, string output, _) = DecodeJson(capture);
        Assert.AreEqual(0, code, output);
        Assert.AreEqual(2, lines.Length, output);
        Assert.AreEqual(4, lines[0].GetProperty("lost").GetInt32());
        Assert.AreEqual(3, lines[0].GetProperty("last_seq").GetInt32());
    }
}
