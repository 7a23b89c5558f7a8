using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;

namespace DualReader.Tests.Support
{
    /// <summary>Sample messages of every type, with every field set.</summary>
    public static class HostLinkSamples
    {
        public static TransactionRecord Transaction()
        {
            TransactionRecord record = new TransactionRecord();
            record.Interface = ReaderInterface.Nfc;
            record.TimeMicroseconds = 529150867L;
            record.Uid = HostLinkTestData.Hex("0834B98306");
            record.Aid = HostLinkTestData.Hex("A0000000031010");
            record.PanMasked = "464235******3640";
            record.Outcome = "ok";
            record.DurationMicroseconds = 181234;
            record.Ats = HostLinkTestData.Hex("0578807002");
            record.ApplicationLabel = "VISA CREDIT";
            record.Expiry = "2712";
            record.Credential = CredentialKind.Token;
            record.HasBalance = true;
            record.BalanceMinorUnits = 123456;
            record.CurrencyCode = 156;
            record.ApplicationTransactionCounter = 0x2D;
            record.LastStatusWord = 0x9000;
            record.AddTiming(TimingPhase.Activation, 0, 31000);
            record.AddTiming(TimingPhase.RatsPps, 0, 12000);
            record.AddTiming(TimingPhase.Apdu, 1, 56384);
            return record;
        }

        public static ErrorRecord Error(string detail)
        {
            ErrorRecord error = new ErrorRecord();
            error.Interface = ReaderInterface.Nfc;
            error.TimeMicroseconds = 1000;
            error.Code = "chip_missing";
            error.Detail = detail;
            return error;
        }

        public static HostLinkMessage[] AllButTransaction()
        {
            StatusRecord status = new StatusRecord();
            status.TimeMicroseconds = 5;
            status.Mfrc522Version = 0x92;
            status.Mfrc522Health = "ok";
            status.Nrf24Health = "missing";
            status.CloneFlags = 2;
            status.ConfigurationSummary = "nfc_poll_ms=100 trace=off";
            status.FirmwareVersion = "0.1.0";

            LostRecord lost = new LostRecord();
            lost.TimeMicroseconds = 77;
            lost.FirstSequence = 3;
            lost.LastSequence = 19;
            lost.Count = 17;

            ApduTraceRecord apdu = new ApduTraceRecord();
            apdu.TimeMicroseconds = 10;
            byte[] command = HostLinkTestData.Hex("00A404000E325041592E5359532E444446303100");
            apdu.SetCommand(command, command.Length);
            apdu.SetResponse(HostLinkTestData.Hex("9000"), 2);
            byte[] frame = HostLinkTestData.Hex("02 00A404000E325041592E5359532E444446303100 E042");
            apdu.Frames.Add(new TraceFrame(FrameDirection.PcdToPicc, BitRate.Kbps106, 11, frame, frame.Length, true));
            byte[] answer = HostLinkTestData.Hex("02 9000 0000");
            CrcA.Append(answer, 0, 3);
            apdu.Frames.Add(new TraceFrame(FrameDirection.PiccToPcd, BitRate.Kbps212, 12, answer, answer.Length, true));

            FrameTraceRecord frames = new FrameTraceRecord();
            frames.TimeMicroseconds = 1;
            byte[] wupa = new byte[] { 0x52 };
            frames.Frames.Add(new TraceFrame(FrameDirection.PcdToPicc, BitRate.Kbps106, 1, wupa, 1, false));

            ConfigurationResultRecord result = new ConfigurationResultRecord();
            result.HostSequence = 4;
            result.Accepted = false;
            result.Entries.Add("nfc_poll_ms=ok");
            result.Entries.Add("pps_max=error: not one of 106 212 424 848");

            PassThroughResponseRecord passThroughResponse = new PassThroughResponseRecord();
            passThroughResponse.HostSequence = 9;
            passThroughResponse.Outcome = "ok";
            passThroughResponse.SetResponse(HostLinkTestData.Hex("9000"), 2);

            AcknowledgeMessage ack = new AcknowledgeMessage();
            ack.AcknowledgedSequence = 12;

            ConfigurationMessage configuration = new ConfigurationMessage();
            configuration.Add("trace", "on");
            configuration.Add("pdol.9F66", "32804000");

            PassThroughResponseRecord sessionAnswer = new PassThroughResponseRecord();
            sessionAnswer.Interface = ReaderInterface.Nfc;
            sessionAnswer.HostSequence = 10;
            sessionAnswer.Outcome = "activated";
            sessionAnswer.SetIdentity(HostLinkTestData.Hex("5A3C9E21"), 4, HostLinkTestData.Hex("0400"), 0x28, HostLinkTestData.Hex("067577810280"), 6);

            PassThroughSessionMessage session = new PassThroughSessionMessage();
            session.Action = PassThroughSessionAction.Reset;

            PassThroughCommandMessage passThrough = new PassThroughCommandMessage();
            passThrough.Apdu = command;

            return new HostLinkMessage[]
            {
                Error("detail"), status, lost, apdu, frames, result, passThroughResponse, sessionAnswer, ack, configuration,
                new StatusRequestMessage(), session, passThrough
            };
        }
    }
}
