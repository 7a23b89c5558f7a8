using System;
using System.Collections.Generic;
using DualReader.Firmware.HostLink;

namespace DualReader.Host.HostLink;

/// <summary>
/// The PC tool's payload decoder: the strict reading of PROTOCOL.md section 2 and 3. Where the firmware's
/// <see cref="MessageDecoder"/> is lenient (it skips short fields, fills defaults, accepts any enum byte), this one
/// refuses a record it cannot show truthfully: a missing required field, a field of the wrong size, text outside
/// printable ASCII, a value the protocol reserves. The tool then prints a <c>decode_error</c> instead of inventing a
/// value. Unknown tags are skipped (fields are only ever added); undefined values of an enumeration are kept and
/// printed as their number.
/// </summary>
public static class RecordDecoder
{
    /// <summary>The shape of a field's value (PROTOCOL.md section 2, column "type").</summary>
    private enum ValueKind
    {
        UInt8,
        UInt16,
        UInt32,
        Int64,
        Bytes,
        Text,
        /// <summary>phase u8, index u8, duration u32: exactly 6 bytes.</summary>
        Timing,
        /// <summary>direction u8, bit rate u8, t_us i64, flags u8, then the frame bytes: at least 11 bytes.</summary>
        TraceFrame,
        /// <summary>type length u8, the type (printable ASCII), the value (UTF-8): at least 1 byte.</summary>
        Ndef,
    }

    private readonly record struct FieldRule(FieldTag Tag, ValueKind Kind, bool Required, bool Repeated = false);

    private static FieldRule Required(FieldTag tag, ValueKind kind) => new(tag, kind, true);

    private static FieldRule Optional(FieldTag tag, ValueKind kind) => new(tag, kind, false);

    private static FieldRule Repeated(FieldTag tag, ValueKind kind) => new(tag, kind, false, true);

    /// <summary>Per message type, the fields it may carry (PROTOCOL.md section 3).</summary>
    private static readonly Dictionary<MessageType, FieldRule[]> Rules = new()
    {
        [MessageType.Transaction] = new[]
        {
            Required(FieldTag.Interface, ValueKind.UInt8), Required(FieldTag.TimeMicroseconds, ValueKind.Int64),
            Required(FieldTag.Uid, ValueKind.Bytes), Optional(FieldTag.Aid, ValueKind.Bytes),
            Optional(FieldTag.PanMasked, ValueKind.Text), Required(FieldTag.Outcome, ValueKind.Text),
            Required(FieldTag.DurationMicroseconds, ValueKind.UInt32), Optional(FieldTag.Ats, ValueKind.Bytes),
            Optional(FieldTag.ApplicationLabel, ValueKind.Text), Optional(FieldTag.Expiry, ValueKind.Text),
            Optional(FieldTag.CardKind, ValueKind.UInt8), Optional(FieldTag.BalanceMinorUnits, ValueKind.Int64),
            Optional(FieldTag.CurrencyCode, ValueKind.UInt16), Optional(FieldTag.ApplicationTransactionCounter, ValueKind.UInt16),
            Optional(FieldTag.LastStatusWord, ValueKind.UInt16), Repeated(FieldTag.Timing, ValueKind.Timing),
            Optional(FieldTag.Atqa, ValueKind.Bytes), Optional(FieldTag.Sak, ValueKind.UInt8),
            Optional(FieldTag.CardType, ValueKind.Text), Repeated(FieldTag.NdefRecord, ValueKind.Ndef),
        },
        [MessageType.Error] = new[]
        {
            Optional(FieldTag.Interface, ValueKind.UInt8), Required(FieldTag.TimeMicroseconds, ValueKind.Int64),
            Required(FieldTag.ErrorCode, ValueKind.Text), Optional(FieldTag.ErrorDetail, ValueKind.Text),
        },
        [MessageType.Status] = new[]
        {
            Required(FieldTag.TimeMicroseconds, ValueKind.Int64), Optional(FieldTag.Mfrc522Version, ValueKind.UInt8),
            Required(FieldTag.Mfrc522Health, ValueKind.Text), Required(FieldTag.Nrf24Health, ValueKind.Text),
            Required(FieldTag.CloneFlags, ValueKind.UInt8), Required(FieldTag.ConfigurationSummary, ValueKind.Text),
            Required(FieldTag.FirmwareVersion, ValueKind.Text), Optional(FieldTag.SelfTest, ValueKind.Text),
            Optional(FieldTag.SelfTestMatch, ValueKind.Text),
        },
        [MessageType.Lost] = new[]
        {
            Required(FieldTag.TimeMicroseconds, ValueKind.Int64), Required(FieldTag.LostFirstSequence, ValueKind.UInt32),
            Required(FieldTag.LostLastSequence, ValueKind.UInt32), Required(FieldTag.LostCount, ValueKind.UInt32),
        },
        [MessageType.ApduTrace] = new[]
        {
            Required(FieldTag.Interface, ValueKind.UInt8), Required(FieldTag.TimeMicroseconds, ValueKind.Int64),
            Required(FieldTag.Command, ValueKind.Bytes), Optional(FieldTag.Response, ValueKind.Bytes),
            Repeated(FieldTag.Frame, ValueKind.TraceFrame),
        },
        [MessageType.FrameTrace] = new[]
        {
            Required(FieldTag.Interface, ValueKind.UInt8), Required(FieldTag.TimeMicroseconds, ValueKind.Int64),
            Repeated(FieldTag.Frame, ValueKind.TraceFrame),
        },
        [MessageType.ConfigurationResult] = new[]
        {
            Required(FieldTag.TimeMicroseconds, ValueKind.Int64), Required(FieldTag.HostSequence, ValueKind.UInt32),
            Required(FieldTag.Accepted, ValueKind.UInt8), Repeated(FieldTag.ConfigurationEntry, ValueKind.Text),
        },
        [MessageType.PassThroughResponse] = new[]
        {
            Optional(FieldTag.Interface, ValueKind.UInt8), Required(FieldTag.TimeMicroseconds, ValueKind.Int64),
            Required(FieldTag.HostSequence, ValueKind.UInt32), Required(FieldTag.Outcome, ValueKind.Text),
            Required(FieldTag.DurationMicroseconds, ValueKind.UInt32), Optional(FieldTag.Response, ValueKind.Bytes),
            // The identity of the device held, in answers to a pass-through session command.
            Optional(FieldTag.Uid, ValueKind.Bytes), Optional(FieldTag.Atqa, ValueKind.Bytes),
            Optional(FieldTag.Sak, ValueKind.UInt8), Optional(FieldTag.Ats, ValueKind.Bytes),
        },
        [MessageType.Acknowledge] = new[] { Required(FieldTag.AcknowledgedSequence, ValueKind.UInt32) },
        [MessageType.Configuration] = new[] { Repeated(FieldTag.ConfigurationEntry, ValueKind.Text) },
        [MessageType.StatusRequest] = Array.Empty<FieldRule>(),
        [MessageType.PassThroughCommand] = new[] { Required(FieldTag.Apdu, ValueKind.Bytes) },
        [MessageType.PassThroughSession] = new[] { Required(FieldTag.SessionAction, ValueKind.UInt8) },
    };

    /// <summary>The JSON name of a field (PROTOCOL.md section 2); "0xNN" for a tag this version does not know.</summary>
    public static string FieldName(byte tag) => (FieldTag)tag switch
    {
        FieldTag.Interface => "interface",
        FieldTag.TimeMicroseconds => "t_us",
        FieldTag.Uid => "uid",
        FieldTag.Aid => "aid",
        FieldTag.PanMasked => "pan_masked",
        FieldTag.Outcome => "outcome",
        FieldTag.DurationMicroseconds => "duration_us",
        FieldTag.Ats => "ats",
        FieldTag.ApplicationLabel => "label",
        FieldTag.Expiry => "expiry",
        FieldTag.CardKind => "token_or_card",
        FieldTag.BalanceMinorUnits => "balance_minor",
        FieldTag.CurrencyCode => "currency",
        FieldTag.ApplicationTransactionCounter => "atc",
        FieldTag.LastStatusWord => "last_sw",
        FieldTag.Timing => "timings",
        FieldTag.Atqa => "atqa",
        FieldTag.Sak => "sak",
        FieldTag.CardType => "card_type",
        FieldTag.NdefRecord => "ndef",
        FieldTag.ErrorCode => "code",
        FieldTag.ErrorDetail => "detail",
        FieldTag.Mfrc522Version => "mfrc522_version",
        FieldTag.Mfrc522Health => "mfrc522",
        FieldTag.Nrf24Health => "nrf24",
        FieldTag.CloneFlags => "clone_flags",
        FieldTag.ConfigurationSummary => "config",
        FieldTag.FirmwareVersion => "firmware",
        FieldTag.SelfTest => "self_test",
        FieldTag.SelfTestMatch => "self_test_match",
        FieldTag.LostFirstSequence => "first_seq",
        FieldTag.LostLastSequence => "last_seq",
        FieldTag.LostCount => "lost",
        FieldTag.Command => "command",
        FieldTag.Response => "response",
        FieldTag.Frame => "frames",
        FieldTag.HostSequence => "host_seq",
        FieldTag.ConfigurationEntry => "entries",
        FieldTag.Accepted => "accepted",
        FieldTag.Apdu => "apdu",
        FieldTag.AcknowledgedSequence => "ack_seq",
        FieldTag.SessionAction => "session_action",
        _ => "0x" + tag.ToString("X2"),
    };

    /// <summary>True when this version knows message type <paramref name="type"/>.</summary>
    public static bool IsKnownType(byte type) => Rules.ContainsKey((MessageType)type);

    /// <summary>
    /// Decodes the payload of a frame whose CRC, version and length were good.
    /// </summary>
    /// <param name="failedField">The tag of the field at fault, or -1 (for <c>unknown_type</c> or a missing field header).</param>
    /// <returns>The message, or null with <paramref name="error"/> set to a <see cref="DecodeErrorNames"/> name.</returns>
    public static HostLinkMessage? Decode(byte type, uint sequence, byte[] payload, int offset, int count, out string? error, out int failedField)
    {
        error = null;
        failedField = -1;
        if (!Rules.TryGetValue((MessageType)type, out FieldRule[]? rules))
        {
            error = DecodeErrorNames.UnknownType;
            return null;
        }

        // Pass 1: structure and values, so that nothing is built from a record that will be refused.
        Span<int> seen = stackalloc int[rules.Length];
        int position = offset;
        int end = offset + count;
        while (position < end)
        {
            if (end - position < 3)
            {
                error = DecodeErrorNames.FieldOverrun;
                return null;
            }

            byte tag = payload[position];
            int length = FieldReader.GetUInt16(payload, position + 1);
            int value = position + 3;
            if (length > end - value)
            {
                error = DecodeErrorNames.FieldOverrun;
                failedField = tag;
                return null;
            }

            int rule = RuleIndex(rules, tag);
            if (rule >= 0)
            {
                string? problem = Check(rules[rule], payload, value, length);
                if (problem == null && seen[rule] > 0 && !rules[rule].Repeated)
                {
                    problem = DecodeErrorNames.DuplicateField;
                }

                if (problem != null)
                {
                    error = problem;
                    failedField = tag;
                    return null;
                }

                seen[rule]++;
            }

            position = value + length;
        }

        for (int rule = 0; rule < rules.Length; rule++)
        {
            if (rules[rule].Required && seen[rule] == 0)
            {
                error = DecodeErrorNames.MissingField;
                failedField = (byte)rules[rule].Tag;
                return null;
            }
        }

        // Pass 2: build the message through the firmware's own field readers (the values are known to be good).
        HostLinkMessage message = MessageDecoder.Create(type);
        message.Sequence = sequence;
        position = offset;
        while (position < end)
        {
            byte tag = payload[position];
            int length = FieldReader.GetUInt16(payload, position + 1);
            if (RuleIndex(rules, tag) >= 0)
            {
                message.ReadField((FieldTag)tag, payload, position + 3, length);
            }

            position += 3 + length;
        }

        int inconsistent = CheckRecord(message);
        if (inconsistent >= 0)
        {
            error = DecodeErrorNames.BadValue;
            failedField = inconsistent;
            return null;
        }

        return message;
    }

    private static int RuleIndex(FieldRule[] rules, byte tag)
    {
        for (int index = 0; index < rules.Length; index++)
        {
            if ((byte)rules[index].Tag == tag)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Size, text and reserved-value checks of one field; null when it is good.</summary>
    private static string? Check(FieldRule rule, byte[] payload, int value, int length)
    {
        int size = rule.Kind switch
        {
            ValueKind.UInt8 => 1,
            ValueKind.UInt16 => 2,
            ValueKind.UInt32 => 4,
            ValueKind.Int64 => 8,
            ValueKind.Timing => 6,
            _ => -1,
        };
        if ((size >= 0 && length != size) || (rule.Kind == ValueKind.TraceFrame && length < TraceFrame.HeaderLength)
            || (rule.Tag == FieldTag.Atqa && length != 2)
            || (rule.Kind == ValueKind.Ndef && (length < 1 || payload[value] > length - 1)))
        {
            return DecodeErrorNames.BadFieldLength;
        }

        if (rule.Kind == ValueKind.Text)
        {
            for (int index = value; index < value + length; index++)
            {
                if (payload[index] < 0x20 || payload[index] > 0x7E)
                {
                    return DecodeErrorNames.BadText;
                }
            }
        }

        bool good = rule.Tag switch
        {
            // 0xFF is the firmware's "no radio", expressed on the wire by leaving the field out.
            FieldTag.Interface => payload[value] != 0xFF,
            // 0 is the firmware's "unknown", expressed by leaving the field out.
            FieldTag.CardKind => payload[value] != 0,
            FieldTag.Accepted => payload[value] <= 1,
            FieldTag.CurrencyCode => FieldReader.GetUInt16(payload, value) <= 999,
            FieldTag.Expiry => IsExpiry(payload, value, length),
            FieldTag.Apdu => length >= 4,
            // 1 open (or check), 2 reset, 3 close (PROTOCOL.md, pass-through session).
            FieldTag.SessionAction => payload[value] >= 1 && payload[value] <= 3,
            _ => true,
        };
        return good ? null : DecodeErrorNames.BadValue;
    }

    /// <summary>"YYMM": four digits, month 01..12 (the reader only sends months it validated).</summary>
    private static bool IsExpiry(byte[] payload, int value, int length)
    {
        if (length != 4)
        {
            return false;
        }

        for (int index = value; index < value + 4; index++)
        {
            if (payload[index] < '0' || payload[index] > '9')
            {
                return false;
            }
        }

        int month = (payload[value + 2] - '0') * 10 + (payload[value + 3] - '0');
        return month >= 1 && month <= 12;
    }

    /// <summary>
    /// Rules between fields of one record. A lost record covers <c>first_seq..last_seq</c>, a range that never holds
    /// its own number (it takes a number after the first drop and a newer one when drops pass it, PROTOCOL.md section
    /// 4), and counts at least one and at most every number of its range. Returns the tag of the field at fault, or -1.
    /// </summary>
    private static int CheckRecord(HostLinkMessage message)
    {
        if (message is LostRecord lost)
        {
            if (lost.FirstSequence > lost.LastSequence || (lost.Sequence >= lost.FirstSequence && lost.Sequence <= lost.LastSequence))
            {
                return (byte)FieldTag.LostLastSequence;
            }

            if (lost.Count == 0 || lost.Count > (long)lost.LastSequence - lost.FirstSequence + 1)
            {
                return (byte)FieldTag.LostCount;
            }
        }

        return -1;
    }
}

/// <summary>The names of everything <c>decode</c> reports as a <c>decode_error</c> (PROTOCOL.md section 1 and 2).</summary>
public static class DecodeErrorNames
{
    public const string BadCrc = "bad_crc";
    public const string Oversize = "oversize";
    public const string Truncated = "truncated";
    public const string UnknownVersion = "unknown_version";
    public const string Malformed = "malformed";
    public const string UnknownType = "unknown_type";
    public const string FieldOverrun = "field_overrun";
    public const string BadFieldLength = "bad_field_length";
    public const string DuplicateField = "duplicate_field";
    public const string MissingField = "missing_field";
    public const string BadText = "bad_text";
    public const string BadValue = "bad_value";
    public const string ConflictingCopy = "conflicting_copy";

    /// <summary>Every name, in a fixed order (the index is how a spilled error is stored).</summary>
    public static readonly string[] All =
    {
        BadCrc, Oversize, Truncated, UnknownVersion, Malformed, UnknownType, FieldOverrun, BadFieldLength,
        DuplicateField, MissingField, BadText, BadValue, ConflictingCopy,
    };

    /// <summary>The name of a frame-level decoder status.</summary>
    public static string Of(DecodeStatus status) => status switch
    {
        DecodeStatus.BadCrc => BadCrc,
        DecodeStatus.Oversize => Oversize,
        DecodeStatus.Truncated => Truncated,
        DecodeStatus.UnknownVersion => UnknownVersion,
        DecodeStatus.Malformed => Malformed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not an error"),
    };
}
