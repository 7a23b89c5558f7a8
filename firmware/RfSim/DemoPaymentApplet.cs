using System;

namespace DualReader.Firmware.RfSim
{
    /// <summary>
    /// The reference peer's in-code applet: a tiny PBOC-style payment application with a test card (PAN
    /// 6212 3456 7890 1234, not a real account). It answers SELECT PPSE, SELECT of its AID, GET PROCESSING OPTIONS,
    /// READ RECORD (SFI 1, record 1) and GET DATA 9F79 (balance), enough for the EMV/PBOC read flow (EMV Book 1
    /// 11.3, 12.3; EMV Book 3 6.5; JR/T 0025).
    /// </summary>
    public sealed class DemoPaymentApplet : IRfSimApplet
    {
        private static readonly byte[] SelectPpse = { 0x00, 0xA4, 0x04, 0x00, 0x0E, 0x32, 0x50, 0x41, 0x59, 0x2E, 0x53, 0x59, 0x53, 0x2E, 0x44, 0x44, 0x46, 0x30, 0x31 };
        private static readonly byte[] SelectAid = { 0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01 };
        private static readonly byte[] Gpo = { 0x80, 0xA8, 0x00, 0x00 };
        private static readonly byte[] ReadRecord = { 0x00, 0xB2, 0x01, 0x0C };
        private static readonly byte[] GetBalance = { 0x80, 0xCA, 0x9F, 0x79 };

        // FCI of the PPSE: one directory entry, AID A000000333010101, label "PBOC DEBIT", priority 1.
        private static readonly byte[] PpseResponse =
        {
            0x6F, 0x2D, 0x84, 0x0E, 0x32, 0x50, 0x41, 0x59, 0x2E, 0x53, 0x59, 0x53, 0x2E, 0x44, 0x44, 0x46, 0x30, 0x31,
            0xA5, 0x1B, 0xBF, 0x0C, 0x18, 0x61, 0x16, 0x4F, 0x08, 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01,
            0x50, 0x0A, 0x50, 0x42, 0x4F, 0x43, 0x20, 0x44, 0x45, 0x42, 0x49, 0x54, 0x90, 0x00
        };

        private static readonly byte[] AidResponse =
        {
            0x6F, 0x16, 0x84, 0x08, 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01, 0xA5, 0x0A, 0x50, 0x08,
            0x50, 0x42, 0x4F, 0x43, 0x20, 0x44, 0x52, 0x31, 0x90, 0x00
        };

        // Format 1 GPO answer: AIP 0000, AFL SFI 1 records 1..1.
        private static readonly byte[] GpoResponse = { 0x80, 0x06, 0x00, 0x00, 0x08, 0x01, 0x01, 0x00, 0x90, 0x00 };

        // Record: track 2 equivalent data (57) and PAN (5A) of the test card, expiry 2912.
        private static readonly byte[] RecordResponse =
        {
            0x70, 0x1B, 0x57, 0x0F, 0x62, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0xD2, 0x91, 0x22, 0x01, 0x00, 0x00, 0x0F,
            0x5A, 0x08, 0x62, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x90, 0x00
        };

        private static readonly byte[] BalanceResponse = { 0x9F, 0x79, 0x06, 0x00, 0x00, 0x00, 0x01, 0x23, 0x45, 0x90, 0x00 };
        private static readonly byte[] NotFound = { 0x6A, 0x82 };
        private static readonly byte[] ConditionsNotSatisfied = { 0x69, 0x85 };
        private static readonly byte[] InstructionNotSupported = { 0x6D, 0x00 };

        private bool selected;

        /// <inheritdoc />
        public void Reset()
        {
            selected = false;
        }

        /// <inheritdoc />
        public int Process(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity)
        {
            byte[] answer;
            if (StartsWith(command, commandOffset, commandCount, SelectPpse))
            {
                answer = PpseResponse;
            }
            else if (StartsWith(command, commandOffset, commandCount, SelectAid))
            {
                selected = true;
                answer = AidResponse;
            }
            else if (commandCount >= 2 && command[commandOffset] == 0x00 && command[commandOffset + 1] == 0xA4)
            {
                answer = NotFound;
            }
            else if (!selected)
            {
                answer = ConditionsNotSatisfied;
            }
            else if (StartsWith(command, commandOffset, commandCount, Gpo))
            {
                answer = GpoResponse;
            }
            else if (StartsWith(command, commandOffset, commandCount, ReadRecord))
            {
                answer = RecordResponse;
            }
            else if (StartsWith(command, commandOffset, commandCount, GetBalance))
            {
                answer = BalanceResponse;
            }
            else
            {
                answer = InstructionNotSupported;
            }

            int length = answer.Length < responseCapacity ? answer.Length : responseCapacity;
            Array.Copy(answer, 0, response, responseOffset, length);
            return length;
        }

        private static bool StartsWith(byte[] data, int offset, int count, byte[] prefix)
        {
            if (count < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (data[offset + i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
