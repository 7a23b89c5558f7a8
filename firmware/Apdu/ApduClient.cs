using System;

namespace DualReader.Firmware.Apdu
{
    /// <summary>
    /// ISO/IEC 7816-4 command-response pairs over any <see cref="IApduChannel"/> (ISO-DEP or the RF-SIM link):
    /// builds cases 1 to 4 (5.1, table 1), short by default and extended only when
    /// <see cref="ExtendedLengthEnabled"/> says the card accepts it, follows 61XX with GET RESPONSE (bounded)
    /// and answers 6CXX by resending the command once with Le = XX (7816-4 5.6 and 7816-3 12.2.2 / 12.2.3).
    /// The command buffer is allocated once; responses go straight into the caller's buffer.
    /// </summary>
    public sealed class ApduClient
    {
        /// <summary>Pass as expected length for cases 1 and 3 (no Le field).</summary>
        public const int NoResponseData = -1;

        /// <summary>Largest short command: header, Lc, 255 data bytes, Le.</summary>
        public const int ShortCommandLength = 4 + 1 + 255 + 1;

        private const byte GetResponseInstruction = 0xC0;

        private readonly IApduChannel channel;
        private readonly byte[] command;

        /// <summary>An APDU client for short APDUs.</summary>
        public ApduClient(IApduChannel channel) : this(channel, ShortCommandLength)
        {
        }

        /// <summary>An APDU client whose command buffer holds <paramref name="commandBufferLength"/> bytes
        /// (more than <see cref="ShortCommandLength"/> only makes sense with extended lengths).</summary>
        public ApduClient(IApduChannel channel, int commandBufferLength)
        {
            if (channel == null)
            {
                throw new ArgumentNullException("channel");
            }

            if (commandBufferLength < 5)
            {
                throw new ArgumentOutOfRangeException("commandBufferLength");
            }

            this.channel = channel;
            command = new byte[commandBufferLength];
        }

        /// <summary>
        /// Use extended Lc/Le (ISO/IEC 7816-4 5.1) when a command does not fit the short form. Off by default: set it
        /// only when the card announced extended length support (card capabilities in the historical bytes,
        /// <c>AnswerToSelect.SupportsExtendedLength</c>, or the application's own documentation).
        /// </summary>
        public bool ExtendedLengthEnabled { get; set; }

        /// <summary>Bound on chained GET RESPONSE commands after 61XX (a card answering 61XX forever ends here).</summary>
        public int MaximumGetResponseRounds { get; set; } = 16;

        /// <summary>
        /// Sends one command and collects its full response data (GET RESPONSE and Le correction included).
        /// </summary>
        /// <param name="expectedLength">Ne: <see cref="NoResponseData"/> for cases 1/3, 1..256 (short) or up to
        /// 65536 (extended) for cases 2/4; 256 is encoded as Le = 00.</param>
        /// <param name="responseDataCount">Response data bytes in <paramref name="response"/>, SW1 SW2 excluded.</param>
        /// <param name="status">The final status word (after GET RESPONSE / Le correction).</param>
        public ExchangeResult Transmit(byte classByte, byte instruction, byte parameter1, byte parameter2, byte[] data, int dataOffset, int dataCount, int expectedLength, byte[] response, int responseOffset, int responseCapacity, out int responseDataCount, out StatusWord status)
        {
            responseDataCount = 0;
            status = new StatusWord();
            if (dataCount < 0 || (dataCount > 0 && data == null) || expectedLength < NoResponseData || expectedLength > 65536 || expectedLength == 0)
            {
                throw new ArgumentOutOfRangeException("dataCount");
            }

            if (response == null || responseOffset < 0 || responseCapacity < 2 || responseOffset + responseCapacity > response.Length)
            {
                throw new ArgumentOutOfRangeException("responseCapacity");
            }

            int commandLength = Build(classByte, instruction, parameter1, parameter2, data, dataOffset, dataCount, expectedLength);
            if (commandLength < 0)
            {
                return ExchangeResult.CommandTooLong;
            }

            int received;
            ExchangeResult result = channel.Exchange(command, 0, commandLength, response, responseOffset, responseCapacity, out received);
            if (result != ExchangeResult.Ok)
            {
                return result;
            }

            if (received < 2)
            {
                return ExchangeResult.ProtocolError;
            }

            status = StatusWord.FromResponse(response, responseOffset, received);
            if (status.IsWrongLength)
            {
                // 6CXX: the card wants exactly XX bytes asked for; resend the same command once with Le = XX.
                int exact = status.Second == 0 ? 256 : status.Second;
                commandLength = Build(classByte, instruction, parameter1, parameter2, data, dataOffset, dataCount, exact);
                if (commandLength < 0)
                {
                    return ExchangeResult.CommandTooLong;
                }

                result = channel.Exchange(command, 0, commandLength, response, responseOffset, responseCapacity, out received);
                if (result != ExchangeResult.Ok)
                {
                    return result;
                }

                if (received < 2)
                {
                    return ExchangeResult.ProtocolError;
                }

                status = StatusWord.FromResponse(response, responseOffset, received);
            }

            int collected = received - 2;
            int rounds = 0;
            while (status.HasMoreData)
            {
                if (++rounds > MaximumGetResponseRounds)
                {
                    responseDataCount = collected;
                    return ExchangeResult.ResponseTooLong;
                }

                // GET RESPONSE (ISO/IEC 7816-4 7.6.1) on the same logical channel, Le = SW2 (00 = 256).
                command[0] = (byte)(classByte & 0x03);
                command[1] = GetResponseInstruction;
                command[2] = 0x00;
                command[3] = 0x00;
                command[4] = status.Second;
                int remaining = responseCapacity - collected;
                if (remaining < 2)
                {
                    responseDataCount = collected;
                    return ExchangeResult.ResponseTooLong;
                }

                result = channel.Exchange(command, 0, 5, response, responseOffset + collected, remaining, out received);
                if (result != ExchangeResult.Ok)
                {
                    responseDataCount = collected;
                    return result;
                }

                if (received < 2)
                {
                    responseDataCount = collected;
                    return ExchangeResult.ProtocolError;
                }

                status = StatusWord.FromResponse(response, responseOffset + collected, received);
                collected += received - 2;
            }

            responseDataCount = collected;
            return ExchangeResult.Ok;
        }

        /// <summary>Writes the command APDU into the buffer; -1 when it fits neither the allowed form nor the buffer.</summary>
        private int Build(byte classByte, byte instruction, byte parameter1, byte parameter2, byte[] data, int dataOffset, int dataCount, int expectedLength)
        {
            bool hasLe = expectedLength != NoResponseData;
            bool isShort = dataCount <= 255 && expectedLength <= 256;
            if (!isShort && (!ExtendedLengthEnabled || dataCount > 65535))
            {
                return -1;
            }

            int length = 4;
            if (dataCount > 0)
            {
                length += (isShort ? 1 : 3) + dataCount;
            }

            if (hasLe)
            {
                // Extended Le is 2 bytes after an extended Lc, 3 bytes (00 Le1 Le2) when there is no Lc (case 2E).
                length += isShort ? 1 : (dataCount > 0 ? 2 : 3);
            }

            if (length > command.Length)
            {
                return -1;
            }

            command[0] = classByte;
            command[1] = instruction;
            command[2] = parameter1;
            command[3] = parameter2;
            int position = 4;
            if (dataCount > 0)
            {
                if (isShort)
                {
                    command[position++] = (byte)dataCount;
                }
                else
                {
                    command[position++] = 0x00;
                    command[position++] = (byte)(dataCount >> 8);
                    command[position++] = (byte)dataCount;
                }

                Array.Copy(data, dataOffset, command, position, dataCount);
                position += dataCount;
            }

            if (hasLe)
            {
                if (isShort)
                {
                    command[position++] = (byte)(expectedLength == 256 ? 0 : expectedLength);
                }
                else
                {
                    if (dataCount == 0)
                    {
                        command[position++] = 0x00;
                    }

                    int le = expectedLength == 65536 ? 0 : expectedLength;
                    command[position++] = (byte)(le >> 8);
                    command[position++] = (byte)le;
                }
            }

            return position;
        }
    }
}
