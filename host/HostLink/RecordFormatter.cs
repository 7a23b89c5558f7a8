using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Tlv;

namespace DualReader.Host.HostLink;

/// <summary>
/// Renders records as JSON lines (the field names of firmware/HostLink/PROTOCOL.md) and as one-line text. Field list: README section
/// "decode --format json".
/// </summary>
public static class RecordFormatter
{
    public static string TypeName(HostLinkMessage message) => message.Type switch
    {
        MessageType.Transaction => "transaction",
        MessageType.Error => "error",
        MessageType.Status => "status",
        MessageType.Lost => "lost",
        MessageType.ApduTrace => "apdu_trace",
        MessageType.FrameTrace => "frame_trace",
        MessageType.ConfigurationResult => "config_result",
        MessageType.PassThroughResponse => "passthrough_response",
        MessageType.Acknowledge => "ack",
        MessageType.Configuration => "configuration",
        MessageType.StatusRequest => "status_request",
        MessageType.PassThroughCommand => "passthrough_command",
        MessageType.PassThroughSession => "passthrough_session",
        _ => "unknown",
    };

    /// <summary>"nfc", "rfsim", or the number of a value this version does not define.</summary>
    public static string InterfaceName(ReaderInterface value) => value switch
    {
        ReaderInterface.Nfc => "nfc",
        ReaderInterface.RfSim => "rfsim",
        _ => ((byte)value).ToString(CultureInfo.InvariantCulture),
    };

    private static bool IsDefined(ReaderInterface value) => value == ReaderInterface.Nfc || value == ReaderInterface.RfSim;

    /// <summary>ISO 4217 numeric code → alphabetic code and minor-unit exponent, for the currencies a reader in
    /// China and its neighbours meets; others are shown by number in minor units.</summary>
    private static readonly Dictionary<int, (string Code, int Exponent)> Currencies = new()
    {
        [156] = ("CNY", 2), [344] = ("HKD", 2), [446] = ("MOP", 2), [901] = ("TWD", 2), [840] = ("USD", 2),
        [978] = ("EUR", 2), [826] = ("GBP", 2), [392] = ("JPY", 0), [410] = ("KRW", 0), [702] = ("SGD", 2),
    };

    /// <summary>A balance for people: "123.45 CNY"; "12345 minor units (currency 999)" or "12345 minor units" when the
    /// currency is unknown.</summary>
    public static string Balance(TransactionRecord record)
    {
        long minor = record.BalanceMinorUnits;
        if (!Currencies.TryGetValue(record.CurrencyCode, out var currency))
        {
            string units = minor.ToString(CultureInfo.InvariantCulture) + " minor units";
            return record.CurrencyCode >= 0 ? units + " (currency " + record.CurrencyCode.ToString("D3", CultureInfo.InvariantCulture) + ")" : units;
        }

        decimal major = minor;
        for (int index = 0; index < currency.Exponent; index++)
        {
            major /= 10;
        }

        return major.ToString("F" + currency.Exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + currency.Code;
    }

    /// <summary>
    /// The PAN as printed: a reader bug or a foreign device must not make the tool show a full PAN, so anything
    /// not masked per the rule (first 6, last 4 digits) is withheld.
    /// </summary>
    public static string SafePan(string pan) => PanMasking.IsMasked(pan) ? pan : "withheld-not-masked";

    public static string Hex(byte[]? bytes) => bytes == null ? "" : Convert.ToHexString(bytes);

    public static string Hex(byte[] bytes, int length) => Convert.ToHexString(bytes, 0, length);

    /// <summary>Bit rate codes 0..3 are 106, 212, 424 and 848 kbit/s (ISO/IEC 14443-4); others are undefined.</summary>
    private static bool IsDefined(BitRate rate) => (byte)rate <= 3;

    private static int Kbps(BitRate rate) => 106 << (int)rate;

    /// <summary>The phase's name, or its number when this version does not define it.</summary>
    private static string PhaseName(TimingPhase phase) => phase switch
    {
        TimingPhase.Activation => "activation",
        TimingPhase.RatsPps => "rats_pps",
        TimingPhase.Apdu => "apdu",
        TimingPhase.Record => "record",
        _ => ((byte)phase).ToString(CultureInfo.InvariantCulture),
    };

    private static bool IsDefined(TimingPhase phase) => phase >= TimingPhase.Activation && phase <= TimingPhase.Record;

    /// <summary>"card", "token", or the number of a value this version does not define.</summary>
    private static string CardKindName(CredentialKind kind) =>
        kind == CredentialKind.Card || kind == CredentialKind.Token ? CredentialKindNames.Name(kind) : ((byte)kind).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// "response_tags": the EMV data objects in a (redacted) response, outermost first, each as "TAG Name" from the
    /// firmware's one tag table (Emv.EmvTags); tags the table does not know appear as "TAG". Left out when the
    /// response data is not BER-TLV (a bare status word, a proprietary answer).
    /// </summary>
    private static void ResponseTags(Utf8JsonWriter json, byte[] response, int length)
    {
        int dataLength = length - 2;
        if (dataLength <= 0 || !BerTlv.IsWellFormed(response, 0, dataLength)) return;
        var names = new List<string>();
        CollectTags(response, 0, dataLength, names, 0);
        json.WriteStartArray("response_tags");
        foreach (string name in names) json.WriteStringValue(name);
        json.WriteEndArray();
    }

    private static void CollectTags(byte[] buffer, int offset, int end, List<string> names, int depth)
    {
        int position = offset;
        while (position < end && depth < 8 && BerTlv.TryReadElement(buffer, position, end, out TlvElement element))
        {
            string tag = element.Tag.ToString("X2", CultureInfo.InvariantCulture);
            string? name = EmvTags.Name(element.Tag);
            names.Add(name == null ? tag : tag + " " + name);
            if (element.IsConstructed) CollectTags(buffer, element.ValueOffset, element.ValueOffset + element.ValueLength, names, depth + 1);
            position = element.ValueOffset + element.ValueLength;
        }
    }

    private static string DirectionName(FrameDirection direction) => direction switch
    {
        FrameDirection.PcdToPicc => "pcd_to_picc",
        FrameDirection.PiccToPcd => "picc_to_pcd",
        _ => ((byte)direction).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A name as a JSON string, or an undefined value as a JSON number.</summary>
    private static void WriteName(Utf8JsonWriter json, string property, string name, bool defined, byte value)
    {
        if (defined)
        {
            json.WriteString(property, name);
        }
        else
        {
            json.WriteNumber(property, value);
        }
    }

    /// <summary>"YYMM" → "20YY-MM".</summary>
    private static string ExpiryText(string expiry) =>
        expiry.Length == 4 ? "20" + expiry.Substring(0, 2) + "-" + expiry.Substring(2, 2) : expiry;

    public static string ToJson(HostLinkMessage message)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", message.Sequence);
            json.WriteString("type", TypeName(message));
            if ((byte)message.Type >= 0x80)
            {
                // A host → reader frame found in the capture: its seq is the host's own counter, not the reader's.
                json.WriteString("from", "host");
                json.WriteNumber("host_seq", message.Sequence);
            }
            switch (message)
            {
                case TransactionRecord t:
                    Interface(json, t.Interface);
                    json.WriteNumber("t_us", t.TimeMicroseconds);
                    json.WriteString("uid", Hex(t.Uid));
                    if (t.Aid != null) json.WriteString("aid", Hex(t.Aid));
                    if (t.PanMasked != null) json.WriteString("pan_masked", SafePan(t.PanMasked));
                    json.WriteString("outcome", t.Outcome);
                    json.WriteNumber("duration_us", t.DurationMicroseconds);
                    if (t.Atqa != null) json.WriteString("atqa", Hex(t.Atqa));
                    if (t.Sak >= 0) json.WriteString("sak", t.Sak.ToString("X2"));
                    if (t.Ats != null) json.WriteString("ats", Hex(t.Ats));
                    if (t.ApplicationLabel != null) json.WriteString("label", t.ApplicationLabel);
                    if (t.Expiry != null) json.WriteString("expiry", ExpiryText(t.Expiry));
                    if (t.Credential != CredentialKind.Unknown) WriteName(json, "token_or_card", CardKindName(t.Credential), t.Credential == CredentialKind.Card || t.Credential == CredentialKind.Token, (byte)t.Credential);
                    if (t.HasBalance) json.WriteNumber("balance_minor", t.BalanceMinorUnits);
                    if (t.CardType != null) json.WriteString("card_type", t.CardType);
                    if (t.Ndef.Count > 0)
                    {
                        json.WriteStartArray("ndef");
                        foreach (NdefEntry entry in t.Ndef)
                        {
                            json.WriteStartObject();
                            json.WriteString("type", entry.Type);
                            json.WriteString("value", entry.Value);
                            json.WriteEndObject();
                        }

                        json.WriteEndArray();
                    }
                    if (t.CurrencyCode >= 0) json.WriteString("currency", t.CurrencyCode.ToString("D3", CultureInfo.InvariantCulture));
                    if (t.ApplicationTransactionCounter >= 0) json.WriteNumber("atc", t.ApplicationTransactionCounter);
                    if (t.LastStatusWord >= 0) json.WriteString("last_sw", t.LastStatusWord.ToString("X4", CultureInfo.InvariantCulture));
                    if (t.Timings.Count > 0)
                    {
                        json.WriteStartArray("timings");
                        foreach (PhaseTiming timing in t.Timings)
                        {
                            json.WriteStartObject();
                            WriteName(json, "phase", PhaseName(timing.Phase), IsDefined(timing.Phase), (byte)timing.Phase);
                            json.WriteNumber("index", timing.Index);
                            json.WriteNumber("duration_us", timing.DurationMicroseconds);
                            json.WriteEndObject();
                        }

                        json.WriteEndArray();
                    }

                    break;
                case ErrorRecord e:
                    Interface(json, e.Interface);
                    json.WriteNumber("t_us", e.TimeMicroseconds);
                    json.WriteString("code", e.Code);
                    if (e.Detail != null) json.WriteString("detail", e.Detail);
                    break;
                case StatusRecord s:
                    json.WriteNumber("t_us", s.TimeMicroseconds);
                    if (s.Mfrc522Version >= 0) json.WriteString("mfrc522_version", s.Mfrc522Version.ToString("X2", CultureInfo.InvariantCulture));
                    if (s.Mfrc522Health != null) json.WriteString("mfrc522", s.Mfrc522Health);
                    if (s.Nrf24Health != null) json.WriteString("nrf24", s.Nrf24Health);
                    json.WriteNumber("clone_flags", s.CloneFlags);
                    if (s.ConfigurationSummary != null) json.WriteString("config", s.ConfigurationSummary);
                    if (s.FirmwareVersion != null) json.WriteString("firmware", s.FirmwareVersion);
                    if (s.SelfTest != null) json.WriteString("self_test", s.SelfTest);
                    if (s.SelfTestMatch != null) json.WriteString("self_test_match", s.SelfTestMatch);
                    break;
                case LostRecord l:
                    json.WriteNumber("t_us", l.TimeMicroseconds);
                    json.WriteNumber("lost", l.Count);
                    json.WriteNumber("first_seq", l.FirstSequence);
                    json.WriteNumber("last_seq", l.LastSequence);
                    break;
                case ApduTraceRecord a:
                    Interface(json, a.Interface);
                    json.WriteNumber("t_us", a.TimeMicroseconds);
                    if (a.Command != null) json.WriteString("command", Hex(a.Command, a.CommandLength));
                    if (a.Response != null) json.WriteString("response", Hex(a.Response, a.ResponseLength));
                    if (a.Response != null) ResponseTags(json, a.Response, a.ResponseLength);
                    Frames(json, a.Frames);
                    break;
                case FrameTraceRecord f:
                    Interface(json, f.Interface);
                    json.WriteNumber("t_us", f.TimeMicroseconds);
                    Frames(json, f.Frames);
                    break;
                case ConfigurationResultRecord c:
                    json.WriteNumber("t_us", c.TimeMicroseconds);
                    json.WriteNumber("host_seq", c.HostSequence);
                    json.WriteBoolean("accepted", c.Accepted);
                    json.WriteStartArray("results");
                    foreach (string entry in c.Entries) json.WriteStringValue(entry);
                    json.WriteEndArray();
                    break;
                case PassThroughResponseRecord p:
                    Interface(json, p.Interface);
                    json.WriteNumber("t_us", p.TimeMicroseconds);
                    json.WriteNumber("host_seq", p.HostSequence);
                    json.WriteString("outcome", p.Outcome);
                    json.WriteNumber("duration_us", p.DurationMicroseconds);
                    if (p.Uid != null) json.WriteString("uid", Hex(p.Uid, p.UidLength));
                    if (p.Atqa != null) json.WriteString("atqa", Hex(p.Atqa));
                    if (p.Sak >= 0) json.WriteString("sak", p.Sak.ToString("X2", CultureInfo.InvariantCulture));
                    if (p.Ats != null) json.WriteString("ats", Hex(p.Ats, p.AtsLength));
                    if (p.Response != null) json.WriteString("response", Hex(p.Response, p.ResponseLength));
                    break;
                case AcknowledgeMessage ack:
                    json.WriteNumber("ack_seq", ack.AcknowledgedSequence);
                    break;
                case ConfigurationMessage configuration:
                    json.WriteStartArray("entries");
                    foreach (string entry in configuration.Entries) json.WriteStringValue(entry);
                    json.WriteEndArray();
                    break;
                case PassThroughCommandMessage command:
                    json.WriteString("apdu", Hex(command.Apdu));
                    break;
                case PassThroughSessionMessage session:
                    json.WriteString("action", SessionActionName(session.Action));
                    break;
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string ToJson(SequenceGap gap) =>
        $"{{\"seq\":{gap.FirstSequence},\"type\":\"gap\",\"last_seq\":{gap.LastSequence},\"count\":{gap.Count}}}";

    /// <summary>
    /// <c>{"type":"decode_error","error":...,"offset":...}</c>; a frame whose CRC was good and whose version is 1 also
    /// gives <c>seq</c> and <c>message_type</c> (and <c>from</c> for a host frame), a field-level error its
    /// <c>field</c>.
    /// </summary>
    public static string ToJson(DecodeError error)
    {
        var line = new StringBuilder(96);
        if (error.Sequence != null)
        {
            line.Append("{\"seq\":").Append(error.Sequence.Value.ToString(CultureInfo.InvariantCulture)).Append(",\"type\":\"decode_error\"");
        }
        else
        {
            line.Append("{\"type\":\"decode_error\"");
        }

        line.Append(",\"error\":\"").Append(error.Error).Append("\",\"offset\":").Append(error.Offset.ToString(CultureInfo.InvariantCulture));
        if (error.MessageType != null)
        {
            line.Append(",\"message_type\":").Append(error.MessageType.Value.ToString(CultureInfo.InvariantCulture));
            if (error.FromHost)
            {
                line.Append(",\"from\":\"host\"");
            }
        }

        if (error.Field >= 0)
        {
            line.Append(",\"field\":\"").Append(RecordDecoder.FieldName((byte)error.Field)).Append('"');
        }

        return line.Append('}').ToString();
    }

    private static void Interface(Utf8JsonWriter json, ReaderInterface value)
    {
        if (value != ReaderInterface.Unspecified)
        {
            WriteName(json, "interface", InterfaceName(value), IsDefined(value), (byte)value);
        }
    }

    private static void Frames(Utf8JsonWriter json, System.Collections.ArrayList frames)
    {
        json.WriteStartArray("frames");
        foreach (TraceFrame frame in frames)
        {
            json.WriteStartObject();
            WriteName(json, "direction", DirectionName(frame.Direction), (byte)frame.Direction <= 1, (byte)frame.Direction);
            if (IsDefined(frame.BitRate))
            {
                json.WriteNumber("kbps", Kbps(frame.BitRate));
            }
            else
            {
                json.WriteNumber("bit_rate_code", (byte)frame.BitRate);
            }

            json.WriteNumber("t_us", frame.TimeMicroseconds);
            json.WriteString("data", Hex(frame.Data, frame.Length));
            json.WriteBoolean("crc", frame.HasCrc);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Seconds(long microseconds) =>
        (microseconds / 1_000_000.0).ToString("0.000000", CultureInfo.InvariantCulture) + "s";

    private static string Milliseconds(long microseconds) =>
        (microseconds / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + "ms";

    private static string TextInterface(ReaderInterface value) => IsDefined(value) ? InterfaceName(value) : "interface=" + InterfaceName(value);

    /// <summary>One human-readable line.</summary>
    public static string ToText(HostLinkMessage message)
    {
        var line = new StringBuilder();
        line.Append('#').Append(message.Sequence.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(TypeName(message));
        if ((byte)message.Type >= 0x80)
        {
            line.Append(" from host");
        }
        switch (message)
        {
            case TransactionRecord t:
                line.Append(' ').Append(TextInterface(t.Interface)).Append(" t=").Append(Seconds(t.TimeMicroseconds));
                line.Append(" uid=").Append(Hex(t.Uid));
                if (t.Atqa != null) line.Append(" atqa=").Append(Hex(t.Atqa));
                if (t.Sak >= 0) line.Append(" sak=").Append(t.Sak.ToString("X2"));
                if (t.Aid != null) line.Append(" aid=").Append(Hex(t.Aid));
                if (t.PanMasked != null) line.Append(" pan=").Append(SafePan(t.PanMasked));
                if (t.ApplicationLabel != null) line.Append(" label=\"").Append(t.ApplicationLabel).Append('"');
                if (t.Expiry != null) line.Append(" expiry=").Append(ExpiryText(t.Expiry));
                if (t.Credential != CredentialKind.Unknown) line.Append(t.Credential == CredentialKind.Card || t.Credential == CredentialKind.Token ? " " : " token_or_card=").Append(CardKindName(t.Credential));
                if (t.CardType != null) line.Append(" card=").Append(t.CardType);
                if (t.HasBalance) line.Append(" balance=\"").Append(Balance(t)).Append('"');
                foreach (NdefEntry entry in t.Ndef) line.Append(" ndef.").Append(entry.Type).Append("=\"").Append(entry.Value).Append('"');
                if (t.ApplicationTransactionCounter >= 0) line.Append(" atc=").Append(t.ApplicationTransactionCounter.ToString(CultureInfo.InvariantCulture));
                line.Append(" outcome=").Append(t.Outcome).Append(" duration=").Append(Milliseconds(t.DurationMicroseconds));
                if (t.Timings.Count > 0)
                {
                    line.Append(" [");
                    for (int index = 0; index < t.Timings.Count; index++)
                    {
                        var timing = (PhaseTiming)t.Timings[index]!;
                        if (index > 0) line.Append(' ');
                        line.Append(IsDefined(timing.Phase) ? PhaseName(timing.Phase) : "phase_" + PhaseName(timing.Phase));
                        if (timing.Phase == TimingPhase.Apdu || timing.Phase == TimingPhase.Record) line.Append(timing.Index.ToString(CultureInfo.InvariantCulture));
                        line.Append('=').Append(Milliseconds(timing.DurationMicroseconds));
                    }

                    line.Append(']');
                }

                break;
            case ErrorRecord e:
                if (e.Interface != ReaderInterface.Unspecified) line.Append(' ').Append(TextInterface(e.Interface));
                line.Append(" t=").Append(Seconds(e.TimeMicroseconds)).Append(' ').Append(e.Code);
                if (e.Detail != null) line.Append(": ").Append(e.Detail);
                break;
            case StatusRecord s:
                line.Append(" t=").Append(Seconds(s.TimeMicroseconds));
                if (s.Mfrc522Version >= 0) line.Append(" mfrc522_version=").Append(s.Mfrc522Version.ToString("X2", CultureInfo.InvariantCulture));
                line.Append(" mfrc522=").Append(s.Mfrc522Health ?? "?").Append(" nrf24=").Append(s.Nrf24Health ?? "?");
                line.Append(" clone_flags=").Append(s.CloneFlags.ToString(CultureInfo.InvariantCulture));
                if (s.FirmwareVersion != null) line.Append(" firmware=").Append(s.FirmwareVersion);
                if (s.SelfTest != null) line.Append(" self_test=").Append(s.SelfTest).Append(s.SelfTestMatch != null ? "(" + s.SelfTestMatch + ")" : string.Empty);
                if (s.ConfigurationSummary != null) line.Append(" config=\"").Append(s.ConfigurationSummary).Append('"');
                break;
            case LostRecord l:
                line.Append(" t=").Append(Seconds(l.TimeMicroseconds)).Append(" lost ").Append(l.Count.ToString(CultureInfo.InvariantCulture))
                    .Append(" records (seq ").Append(l.FirstSequence.ToString(CultureInfo.InvariantCulture)).Append("..").Append(l.LastSequence.ToString(CultureInfo.InvariantCulture)).Append(')');
                break;
            case ApduTraceRecord a:
                line.Append(' ').Append(TextInterface(a.Interface)).Append(" t=").Append(Seconds(a.TimeMicroseconds));
                if (a.Command != null) line.Append(" > ").Append(Hex(a.Command, a.CommandLength));
                if (a.Response != null) line.Append(" < ").Append(Hex(a.Response, a.ResponseLength));
                line.Append(" (").Append(a.Frames.Count.ToString(CultureInfo.InvariantCulture)).Append(" frames)");
                break;
            case FrameTraceRecord f:
                line.Append(' ').Append(TextInterface(f.Interface)).Append(" t=").Append(Seconds(f.TimeMicroseconds));
                foreach (TraceFrame frame in f.Frames)
                {
                    line.Append(frame.Direction switch { FrameDirection.PcdToPicc => " >", FrameDirection.PiccToPcd => " <", _ => " direction=" + DirectionName(frame.Direction) + ":" }).Append(Hex(frame.Data, frame.Length));
                }

                break;
            case ConfigurationResultRecord c:
                line.Append(" for #").Append(c.HostSequence.ToString(CultureInfo.InvariantCulture)).Append(c.Accepted ? " accepted" : " rejected");
                foreach (string entry in c.Entries) line.Append(' ').Append(entry);
                break;
            case PassThroughResponseRecord p:
                line.Append(" for #").Append(p.HostSequence.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(p.Outcome);
                if (p.Uid != null) line.Append(" uid=").Append(Hex(p.Uid, p.UidLength));
                if (p.Sak >= 0) line.Append(" sak=").Append(p.Sak.ToString("X2", CultureInfo.InvariantCulture));
                if (p.Ats != null) line.Append(" ats=").Append(Hex(p.Ats, p.AtsLength));
                if (p.Response != null) line.Append(" < ").Append(Hex(p.Response, p.ResponseLength));
                line.Append(" duration=").Append(Milliseconds(p.DurationMicroseconds));
                break;
            case AcknowledgeMessage ack:
                line.Append(" through #").Append(ack.AcknowledgedSequence.ToString(CultureInfo.InvariantCulture));
                break;
            case ConfigurationMessage configuration:
                foreach (string entry in configuration.Entries) line.Append(' ').Append(entry);
                break;
            case PassThroughCommandMessage command:
                line.Append(" > ").Append(Hex(command.Apdu));
                break;
            case PassThroughSessionMessage session:
                line.Append(' ').Append(SessionActionName(session.Action));
                break;
        }

        return line.ToString();
    }

    private static string SessionActionName(PassThroughSessionAction action) => action switch
    {
        PassThroughSessionAction.Open => "open",
        PassThroughSessionAction.Reset => "reset",
        PassThroughSessionAction.Close => "close",
        _ => "none",
    };

    public static string ToText(SequenceGap gap) =>
        $"#{gap.FirstSequence} gap: {gap.Count} record(s) missing (seq {gap.FirstSequence}..{gap.LastSequence}), not covered by a lost record";

    public static string ToText(DecodeError error)
    {
        var line = new StringBuilder();
        if (error.Sequence != null)
        {
            line.Append('#').Append(error.Sequence.Value.ToString(CultureInfo.InvariantCulture)).Append(' ');
        }

        line.Append("decode error at byte ").Append(error.Offset.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(error.Error);
        if (error.MessageType != null)
        {
            line.Append(" (message type 0x").Append(error.MessageType.Value.ToString("X2", CultureInfo.InvariantCulture));
            if (error.FromHost)
            {
                line.Append(", from the host");
            }

            if (error.Field >= 0)
            {
                line.Append(", field ").Append(RecordDecoder.FieldName((byte)error.Field));
            }

            line.Append(')');
        }

        return line.ToString();
    }
}
