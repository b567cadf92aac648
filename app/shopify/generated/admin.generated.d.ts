/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type KizunaBulkQueryRunMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type KizunaBulkQueryRunMutation = { bulkOperationRunQuery?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message' | 'code'>> }> };

export type KizunaBulkOperationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type KizunaBulkOperationQuery = { bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'fileSize' | 'url' | 'partialDataUrl' | 'createdAt' | 'completedAt'>> };

export type KizunaCustomerEmailMarketingConsentUpdateMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.CustomerEmailMarketingConsentUpdateInput;
}>;


export type KizunaCustomerEmailMarketingConsentUpdateMutation = { customerEmailMarketingConsentUpdate?: AdminTypes.Maybe<{ customer?: AdminTypes.Maybe<(
      Pick<AdminTypes.Customer, 'id'>
      & { emailMarketingConsent?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailMarketingConsentState, 'marketingState' | 'consentUpdatedAt'>> }
    )>, userErrors: Array<Pick<AdminTypes.CustomerEmailMarketingConsentUpdateUserError, 'field' | 'message' | 'code'>> }> };

export type KizunaDiscountCodeBasicCreateMutationVariables = AdminTypes.Exact<{
  basicCodeDiscount: AdminTypes.DiscountCodeBasicInput;
}>;


export type KizunaDiscountCodeBasicCreateMutation = { discountCodeBasicCreate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type KizunaDiscountCodeDeactivateMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type KizunaDiscountCodeDeactivateMutation = { discountCodeDeactivate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type KizunaDiscountRedeemCodeBulkAddMutationVariables = AdminTypes.Exact<{
  discountId: AdminTypes.Scalars['ID']['input'];
  codes: Array<AdminTypes.DiscountRedeemCodeInput> | AdminTypes.DiscountRedeemCodeInput;
}>;


export type KizunaDiscountRedeemCodeBulkAddMutation = { discountRedeemCodeBulkAdd?: AdminTypes.Maybe<{ bulkCreation?: AdminTypes.Maybe<Pick<AdminTypes.DiscountRedeemCodeBulkCreation, 'id' | 'done'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type KizunaDiscountRedeemCodeBulkCreationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type KizunaDiscountRedeemCodeBulkCreationQuery = { discountRedeemCodeBulkCreation?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountRedeemCodeBulkCreation, 'id' | 'done' | 'codesCount' | 'importedCount' | 'failedCount'>
    & { codes: { nodes: Array<(
        Pick<AdminTypes.DiscountRedeemCodeBulkCreationCode, 'code'>
        & { errors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type KizunaDiscountCodeActivateMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type KizunaDiscountCodeActivateMutation = { discountCodeActivate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type KizunaCustomerFieldsFragment = (
  Pick<AdminTypes.Customer, 'id' | 'firstName' | 'lastName' | 'email' | 'phone' | 'locale' | 'state' | 'tags' | 'createdAt' | 'updatedAt'>
  & { emailMarketingConsent?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailMarketingConsentState, 'marketingState'>>, smsMarketingConsent?: AdminTypes.Maybe<Pick<AdminTypes.CustomerSmsMarketingConsentState, 'marketingState'>>, defaultAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'city' | 'provinceCode' | 'countryCodeV2'>>, birthDate?: AdminTypes.Maybe<Pick<AdminTypes.Metafield, 'value'>> }
);

export type KizunaOrderFieldsFragment = (
  Pick<AdminTypes.Order, 'id' | 'name' | 'email' | 'createdAt' | 'processedAt' | 'updatedAt' | 'cancelledAt' | 'cancelReason' | 'currencyCode' | 'presentmentCurrencyCode' | 'displayFinancialStatus' | 'sourceName' | 'tags' | 'discountCodes' | 'test'>
  & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalDiscountsSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalShippingPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalTaxSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'provinceCode' | 'countryCodeV2'>>, refunds: Array<(
    Pick<AdminTypes.Refund, 'id' | 'createdAt' | 'note'>
    & { totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
  )> }
);

export type KizunaLineItemFieldsFragment = (
  Pick<AdminTypes.LineItem, 'id' | 'title' | 'variantTitle' | 'sku' | 'quantity'>
  & { product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, discountedTotalSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalDiscountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
);

export type KizunaFlowTriggerReceiveMutationVariables = AdminTypes.Exact<{
  handle?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  payload?: AdminTypes.InputMaybe<AdminTypes.Scalars['JSON']['input']>;
}>;


export type KizunaFlowTriggerReceiveMutation = { flowTriggerReceive?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type KizunaProductsForMailQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type KizunaProductsForMailQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'status' | 'onlineStoreUrl'>
    & { featuredMedia?: AdminTypes.Maybe<{ preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }>, priceRangeV2: { minVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
  )>> };

export type KizunaTagsAddMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type KizunaTagsAddMutation = { tagsAdd?: AdminTypes.Maybe<{ node?: AdminTypes.Maybe<Pick<AdminTypes.AbandonedCheckout, 'id'> | Pick<AdminTypes.AbandonedCheckoutLineItem, 'id'> | Pick<AdminTypes.Abandonment, 'id'> | Pick<AdminTypes.AddAllProductsOperation, 'id'> | Pick<AdminTypes.AdditionalFee, 'id'> | Pick<AdminTypes.App, 'id'> | Pick<AdminTypes.AppCatalog, 'id'> | Pick<AdminTypes.AppCredit, 'id'> | Pick<AdminTypes.AppInstallation, 'id'> | Pick<AdminTypes.AppPurchaseOneTime, 'id'> | Pick<AdminTypes.AppRevenueAttributionRecord, 'id'> | Pick<AdminTypes.AppSubscription, 'id'> | Pick<AdminTypes.AppUsageRecord, 'id'> | Pick<AdminTypes.Article, 'id'> | Pick<AdminTypes.BasicEvent, 'id'> | Pick<AdminTypes.Blog, 'id'> | Pick<AdminTypes.BulkOperation, 'id'> | Pick<AdminTypes.BusinessEntity, 'id'> | Pick<AdminTypes.CalculatedOrder, 'id'> | Pick<AdminTypes.CartTransform, 'id'> | Pick<AdminTypes.CashDrawer, 'id'> | Pick<AdminTypes.CashManagementCustomReasonCode, 'id'> | Pick<AdminTypes.CashManagementDefaultReasonCode, 'id'> | Pick<AdminTypes.CashManagementSystemReasonCode, 'id'> | Pick<AdminTypes.CashTrackingAdjustment, 'id'> | Pick<AdminTypes.CashTrackingSession, 'id'> | Pick<AdminTypes.CatalogCsvOperation, 'id'> | Pick<AdminTypes.Channel, 'id'> | Pick<AdminTypes.ChannelDefinition, 'id'> | Pick<AdminTypes.ChannelInformation, 'id'> | Pick<AdminTypes.CheckoutAndAccountsConfiguration, 'id'> | Pick<AdminTypes.CheckoutAndAccountsConfigurationOverride, 'id'> | Pick<AdminTypes.CheckoutProfile, 'id'> | Pick<AdminTypes.Collection, 'id'> | Pick<AdminTypes.CollectionConditionsSource, 'id'> | Pick<AdminTypes.CollectionSubCollectionsSource, 'id'> | Pick<AdminTypes.Comment, 'id'> | Pick<AdminTypes.CommentEvent, 'id'> | Pick<AdminTypes.Company, 'id'> | Pick<AdminTypes.CompanyAddress, 'id'> | Pick<AdminTypes.CompanyContact, 'id'> | Pick<AdminTypes.CompanyContactRole, 'id'> | Pick<AdminTypes.CompanyContactRoleAssignment, 'id'> | Pick<AdminTypes.CompanyLocation, 'id'> | Pick<AdminTypes.CompanyLocationCatalog, 'id'> | Pick<AdminTypes.CompanyLocationStaffMemberAssignment, 'id'> | Pick<AdminTypes.ConsentPolicy, 'id'> | Pick<AdminTypes.CurrencyExchangeAdjustment, 'id'> | Pick<AdminTypes.Customer, 'id'> | Pick<AdminTypes.CustomerAccountAppExtensionPage, 'id'> | Pick<AdminTypes.CustomerAccountNativePage, 'id'> | Pick<AdminTypes.CustomerPaymentMethod, 'id'> | Pick<AdminTypes.CustomerSegmentMembersQuery, 'id'> | Pick<AdminTypes.CustomerVisit, 'id'> | Pick<AdminTypes.DeliveryCarrierService, 'id'> | Pick<AdminTypes.DeliveryCondition, 'id'> | Pick<AdminTypes.DeliveryCountry, 'id'> | Pick<AdminTypes.DeliveryCustomization, 'id'> | Pick<AdminTypes.DeliveryLocationGroup, 'id'> | Pick<AdminTypes.DeliveryMethod, 'id'> | Pick<AdminTypes.DeliveryMethodDefinition, 'id'> | Pick<AdminTypes.DeliveryParticipant, 'id'> | Pick<AdminTypes.DeliveryProfile, 'id'> | Pick<AdminTypes.DeliveryProfileItem, 'id'> | Pick<AdminTypes.DeliveryPromiseParticipant, 'id'> | Pick<AdminTypes.DeliveryPromiseProvider, 'id'> | Pick<AdminTypes.DeliveryProvince, 'id'> | Pick<AdminTypes.DeliveryRateDefinition, 'id'> | Pick<AdminTypes.DeliveryZone, 'id'> | Pick<AdminTypes.DiscountAutomaticBxgy, 'id'> | Pick<AdminTypes.DiscountAutomaticNode, 'id'> | Pick<AdminTypes.DiscountCodeNode, 'id'> | Pick<AdminTypes.DiscountNode, 'id'> | Pick<AdminTypes.DiscountRedeemCodeBulkCreation, 'id'> | Pick<AdminTypes.Domain, 'id'> | Pick<AdminTypes.DraftOrder, 'id'> | Pick<AdminTypes.DraftOrderLineItem, 'id'> | Pick<AdminTypes.DraftOrderTag, 'id'> | Pick<AdminTypes.Duty, 'id'> | Pick<AdminTypes.ExchangeLineItem, 'id'> | Pick<AdminTypes.ExternalVideo, 'id'> | Pick<AdminTypes.Fulfillment, 'id'> | Pick<AdminTypes.FulfillmentConstraintRule, 'id'> | Pick<AdminTypes.FulfillmentEvent, 'id'> | Pick<AdminTypes.FulfillmentHold, 'id'> | Pick<AdminTypes.FulfillmentLineItem, 'id'> | Pick<AdminTypes.FulfillmentOrder, 'id'> | Pick<AdminTypes.FulfillmentOrderDestination, 'id'> | Pick<AdminTypes.FulfillmentOrderLineItem, 'id'> | Pick<AdminTypes.FulfillmentOrderMerchantRequest, 'id'> | Pick<AdminTypes.GenericFile, 'id'> | Pick<AdminTypes.GiftCard, 'id'> | Pick<AdminTypes.GiftCardCashOutTransaction, 'id'> | Pick<AdminTypes.GiftCardCreditTransaction, 'id'> | Pick<AdminTypes.GiftCardDebitTransaction, 'id'> | Pick<AdminTypes.IdentityProviderSubject, 'id'> | Pick<AdminTypes.InventoryAdjustmentGroup, 'id'> | Pick<AdminTypes.InventoryItem, 'id'> | Pick<AdminTypes.InventoryItemMeasurement, 'id'> | Pick<AdminTypes.InventoryLevel, 'id'> | Pick<AdminTypes.InventoryQuantity, 'id'> | Pick<AdminTypes.InventoryShipment, 'id'> | Pick<AdminTypes.InventoryShipmentLineItem, 'id'> | Pick<AdminTypes.InventoryTransfer, 'id'> | Pick<AdminTypes.InventoryTransferLineItem, 'id'> | Pick<AdminTypes.LineItem, 'id'> | Pick<AdminTypes.LineItemGroup, 'id'> | Pick<AdminTypes.Location, 'id'> | Pick<AdminTypes.MailingAddress, 'id'> | Pick<AdminTypes.Market, 'id'> | Pick<AdminTypes.MarketCatalog, 'id'> | Pick<AdminTypes.MarketRegionCountry, 'id'> | Pick<AdminTypes.MarketRegionSubdivision, 'id'> | Pick<AdminTypes.MarketWebPresence, 'id'> | Pick<AdminTypes.MarketingActivity, 'id'> | Pick<AdminTypes.MarketingEvent, 'id'> | Pick<AdminTypes.MediaImage, 'id'> | Pick<AdminTypes.Menu, 'id'> | Pick<AdminTypes.Metafield, 'id'> | Pick<AdminTypes.MetafieldDefinition, 'id'> | Pick<AdminTypes.Metaobject, 'id'> | Pick<AdminTypes.MetaobjectDefinition, 'id'> | Pick<AdminTypes.Model3d, 'id'> | Pick<AdminTypes.OnlineStoreTheme, 'id'> | Pick<AdminTypes.Order, 'id'> | Pick<AdminTypes.OrderAdjustment, 'id'> | Pick<AdminTypes.OrderAttributionDefinition, 'id'> | Pick<AdminTypes.OrderCreateMandatePaymentJobResult, 'id'> | Pick<AdminTypes.OrderDisputeSummary, 'id'> | Pick<AdminTypes.OrderEditSession, 'id'> | Pick<AdminTypes.OrderTransaction, 'id'> | Pick<AdminTypes.Page, 'id'> | Pick<AdminTypes.PaymentCustomization, 'id'> | Pick<AdminTypes.PaymentMandate, 'id'> | Pick<AdminTypes.PaymentSchedule, 'id'> | Pick<AdminTypes.PaymentTerms, 'id'> | Pick<AdminTypes.PaymentTermsTemplate, 'id'> | Pick<AdminTypes.PointOfSaleDevice, 'id'> | Pick<AdminTypes.PointOfSaleDevicePaymentSession, 'id'> | Pick<AdminTypes.PriceList, 'id'> | Pick<AdminTypes.PriceRule, 'id'> | Pick<AdminTypes.PriceRuleDiscountCode, 'id'> | Pick<AdminTypes.Product, 'id'> | Pick<AdminTypes.ProductBundleOperation, 'id'> | Pick<AdminTypes.ProductDeleteOperation, 'id'> | Pick<AdminTypes.ProductDuplicateOperation, 'id'> | Pick<AdminTypes.ProductFeed, 'id'> | Pick<AdminTypes.ProductOption, 'id'> | Pick<AdminTypes.ProductOptionValue, 'id'> | Pick<AdminTypes.ProductSetOperation, 'id'> | Pick<AdminTypes.ProductTaxonomyNode, 'id'> | Pick<AdminTypes.ProductVariant, 'id'> | Pick<AdminTypes.ProductVariantComponent, 'id'> | Pick<AdminTypes.Publication, 'id'> | Pick<AdminTypes.PublicationResourceOperation, 'id'> | Pick<AdminTypes.QuantityPriceBreak, 'id'> | Pick<AdminTypes.Refund, 'id'> | Pick<AdminTypes.RefundShippingLine, 'id'> | Pick<AdminTypes.Return, 'id'> | Pick<AdminTypes.ReturnLineItem, 'id'> | Pick<AdminTypes.ReturnReasonDefinition, 'id'> | Pick<AdminTypes.ReturnableFulfillment, 'id'> | Pick<AdminTypes.ReverseDelivery, 'id'> | Pick<AdminTypes.ReverseDeliveryLineItem, 'id'> | Pick<AdminTypes.ReverseFulfillmentOrder, 'id'> | Pick<AdminTypes.ReverseFulfillmentOrderDisposition, 'id'> | Pick<AdminTypes.ReverseFulfillmentOrderLineItem, 'id'> | Pick<AdminTypes.SaleAdditionalFee, 'id'> | Pick<AdminTypes.SavedSearch, 'id'> | Pick<AdminTypes.ScriptTag, 'id'> | Pick<AdminTypes.Segment, 'id'> | Pick<AdminTypes.SellingPlan, 'id'> | Pick<AdminTypes.SellingPlanGroup, 'id'> | Pick<AdminTypes.ServerPixel, 'id'> | Pick<AdminTypes.ShippingLabel, 'id'> | Pick<AdminTypes.ShippingLabelPurchaseResult, 'id'> | Pick<AdminTypes.Shop, 'id'> | Pick<AdminTypes.ShopAddress, 'id'> | Pick<AdminTypes.ShopPolicy, 'id'> | Pick<AdminTypes.ShopifyPaymentsAccount, 'id'> | Pick<AdminTypes.ShopifyPaymentsBalanceTransaction, 'id'> | Pick<AdminTypes.ShopifyPaymentsBankAccount, 'id'> | Pick<AdminTypes.ShopifyPaymentsDispute, 'id'> | Pick<AdminTypes.ShopifyPaymentsDisputeEvidence, 'id'> | Pick<AdminTypes.ShopifyPaymentsDisputeFileUpload, 'id'> | Pick<AdminTypes.ShopifyPaymentsDisputeFulfillment, 'id'> | Pick<AdminTypes.ShopifyPaymentsPayout, 'id'> | Pick<AdminTypes.StaffMember, 'id'> | Pick<AdminTypes.StandardMetafieldDefinitionTemplate, 'id'> | Pick<AdminTypes.StoreCreditAccount, 'id'> | Pick<AdminTypes.StoreCreditAccountCreditTransaction, 'id'> | Pick<AdminTypes.StoreCreditAccountDebitRevertTransaction, 'id'> | Pick<AdminTypes.StoreCreditAccountDebitTransaction, 'id'> | Pick<AdminTypes.StorefrontAccessToken, 'id'> | Pick<AdminTypes.SubscriptionBillingAttempt, 'id'> | Pick<AdminTypes.SubscriptionContract, 'id'> | Pick<AdminTypes.SubscriptionDraft, 'id'> | Pick<AdminTypes.TaxonomyAttribute, 'id'> | Pick<AdminTypes.TaxonomyCategory, 'id'> | Pick<AdminTypes.TaxonomyChoiceListAttribute, 'id'> | Pick<AdminTypes.TaxonomyMeasurementAttribute, 'id'> | Pick<AdminTypes.TaxonomyValue, 'id'> | Pick<AdminTypes.TenderTransaction, 'id'> | Pick<AdminTypes.TransactionFee, 'id'> | Pick<AdminTypes.UnverifiedReturnLineItem, 'id'> | Pick<AdminTypes.UrlRedirect, 'id'> | Pick<AdminTypes.UrlRedirectImport, 'id'> | Pick<AdminTypes.Validation, 'id'> | Pick<AdminTypes.Video, 'id'> | Pick<AdminTypes.WebPixel, 'id'> | Pick<AdminTypes.WebhookSubscription, 'id'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type KizunaTagsRemoveMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type KizunaTagsRemoveMutation = { tagsRemove?: AdminTypes.Maybe<{ node?: AdminTypes.Maybe<Pick<AdminTypes.AbandonedCheckout, 'id'> | Pick<AdminTypes.AbandonedCheckoutLineItem, 'id'> | Pick<AdminTypes.Abandonment, 'id'> | Pick<AdminTypes.AddAllProductsOperation, 'id'> | Pick<AdminTypes.AdditionalFee, 'id'> | Pick<AdminTypes.App, 'id'> | Pick<AdminTypes.AppCatalog, 'id'> | Pick<AdminTypes.AppCredit, 'id'> | Pick<AdminTypes.AppInstallation, 'id'> | Pick<AdminTypes.AppPurchaseOneTime, 'id'> | Pick<AdminTypes.AppRevenueAttributionRecord, 'id'> | Pick<AdminTypes.AppSubscription, 'id'> | Pick<AdminTypes.AppUsageRecord, 'id'> | Pick<AdminTypes.Article, 'id'> | Pick<AdminTypes.BasicEvent, 'id'> | Pick<AdminTypes.Blog, 'id'> | Pick<AdminTypes.BulkOperation, 'id'> | Pick<AdminTypes.BusinessEntity, 'id'> | Pick<AdminTypes.CalculatedOrder, 'id'> | Pick<AdminTypes.CartTransform, 'id'> | Pick<AdminTypes.CashDrawer, 'id'> | Pick<AdminTypes.CashManagementCustomReasonCode, 'id'> | Pick<AdminTypes.CashManagementDefaultReasonCode, 'id'> | Pick<AdminTypes.CashManagementSystemReasonCode, 'id'> | Pick<AdminTypes.CashTrackingAdjustment, 'id'> | Pick<AdminTypes.CashTrackingSession, 'id'> | Pick<AdminTypes.CatalogCsvOperation, 'id'> | Pick<AdminTypes.Channel, 'id'> | Pick<AdminTypes.ChannelDefinition, 'id'> | Pick<AdminTypes.ChannelInformation, 'id'> | Pick<AdminTypes.CheckoutAndAccountsConfiguration, 'id'> | Pick<AdminTypes.CheckoutAndAccountsConfigurationOverride, 'id'> | Pick<AdminTypes.CheckoutProfile, 'id'> | Pick<AdminTypes.Collection, 'id'> | Pick<AdminTypes.CollectionConditionsSource, 'id'> | Pick<AdminTypes.CollectionSubCollectionsSource, 'id'> | Pick<AdminTypes.Comment, 'id'> | Pick<AdminTypes.CommentEvent, 'id'> | Pick<AdminTypes.Company, 'id'> | Pick<AdminTypes.CompanyAddress, 'id'> | Pick<AdminTypes.CompanyContact, 'id'> | Pick<AdminTypes.CompanyContactRole, 'id'> | Pick<AdminTypes.CompanyContactRoleAssignment, 'id'> | Pick<AdminTypes.CompanyLocation, 'id'> | Pick<AdminTypes.CompanyLocationCatalog, 'id'> | Pick<AdminTypes.CompanyLocationStaffMemberAssignment, 'id'> | Pick<AdminTypes.ConsentPolicy, 'id'> | Pick<AdminTypes.CurrencyExchangeAdjustment, 'id'> | Pick<AdminTypes.Customer, 'id'> | Pick<AdminTypes.CustomerAccountAppExtensionPage, 'id'> | Pick<AdminTypes.CustomerAccountNativePage, 'id'> | Pick<AdminTypes.CustomerPaymentMethod, 'id'> | Pick<AdminTypes.CustomerSegmentMembersQuery, 'id'> | Pick<AdminTypes.CustomerVisit, 'id'> | Pick<AdminTypes.DeliveryCarrierService, 'id'> | Pick<AdminTypes.DeliveryCondition, 'id'> | Pick<AdminTypes.DeliveryCountry, 'id'> | Pick<AdminTypes.DeliveryCustomization, 'id'> | Pick<AdminTypes.DeliveryLocationGroup, 'id'> | Pick<AdminTypes.DeliveryMethod, 'id'> | Pick<AdminTypes.DeliveryMethodDefinition, 'id'> | Pick<AdminTypes.DeliveryParticipant, 'id'> | Pick<AdminTypes.DeliveryProfile, 'id'> | Pick<AdminTypes.DeliveryProfileItem, 'id'> | Pick<AdminTypes.DeliveryPromiseParticipant, 'id'> | Pick<AdminTypes.DeliveryPromiseProvider, 'id'> | Pick<AdminTypes.DeliveryProvince, 'id'> | Pick<AdminTypes.DeliveryRateDefinition, 'id'> | Pick<AdminTypes.DeliveryZone, 'id'> | Pick<AdminTypes.DiscountAutomaticBxgy, 'id'> | Pick<AdminTypes.DiscountAutomaticNode, 'id'> | Pick<AdminTypes.DiscountCodeNode, 'id'> | Pick<AdminTypes.DiscountNode, 'id'> | Pick<AdminTypes.DiscountRedeemCodeBulkCreation, 'id'> | Pick<AdminTypes.Domain, 'id'> | Pick<AdminTypes.DraftOrder, 'id'> | Pick<AdminTypes.DraftOrderLineItem, 'id'> | Pick<AdminTypes.DraftOrderTag, 'id'> | Pick<AdminTypes.Duty, 'id'> | Pick<AdminTypes.ExchangeLineItem, 'id'> | Pick<AdminTypes.ExternalVideo, 'id'> | Pick<AdminTypes.Fulfillment, 'id'> | Pick<AdminTypes.FulfillmentConstraintRule, 'id'> | Pick<AdminTypes.FulfillmentEvent, 'id'> | Pick<AdminTypes.FulfillmentHold, 'id'> | Pick<AdminTypes.FulfillmentLineItem, 'id'> | Pick<AdminTypes.FulfillmentOrder, 'id'> | Pick<AdminTypes.FulfillmentOrderDestination, 'id'> | Pick<AdminTypes.FulfillmentOrderLineItem, 'id'> | Pick<AdminTypes.FulfillmentOrderMerchantRequest, 'id'> | Pick<AdminTypes.GenericFile, 'id'> | Pick<AdminTypes.GiftCard, 'id'> | Pick<AdminTypes.GiftCardCashOutTransaction, 'id'> | Pick<AdminTypes.GiftCardCreditTransaction, 'id'> | Pick<AdminTypes.GiftCardDebitTransaction, 'id'> | Pick<AdminTypes.IdentityProviderSubject, 'id'> | Pick<AdminTypes.InventoryAdjustmentGroup, 'id'> | Pick<AdminTypes.InventoryItem, 'id'> | Pick<AdminTypes.InventoryItemMeasurement, 'id'> | Pick<AdminTypes.InventoryLevel, 'id'> | Pick<AdminTypes.InventoryQuantity, 'id'> | Pick<AdminTypes.InventoryShipment, 'id'> | Pick<AdminTypes.InventoryShipmentLineItem, 'id'> | Pick<AdminTypes.InventoryTransfer, 'id'> | Pick<AdminTypes.InventoryTransferLineItem, 'id'> | Pick<AdminTypes.LineItem, 'id'> | Pick<AdminTypes.LineItemGroup, 'id'> | Pick<AdminTypes.Location, 'id'> | Pick<AdminTypes.MailingAddress, 'id'> | Pick<AdminTypes.Market, 'id'> | Pick<AdminTypes.MarketCatalog, 'id'> | Pick<AdminTypes.MarketRegionCountry, 'id'> | Pick<AdminTypes.MarketRegionSubdivision, 'id'> | Pick<AdminTypes.MarketWebPresence, 'id'> | Pick<AdminTypes.MarketingActivity, 'id'> | Pick<AdminTypes.MarketingEvent, 'id'> | Pick<AdminTypes.MediaImage, 'id'> | Pick<AdminTypes.Menu, 'id'> | Pick<AdminTypes.Metafield, 'id'> | Pick<AdminTypes.MetafieldDefinition, 'id'> | Pick<AdminTypes.Metaobject, 'id'> | Pick<AdminTypes.MetaobjectDefinition, 'id'> | Pick<AdminTypes.Model3d, 'id'> | Pick<AdminTypes.OnlineStoreTheme, 'id'> | Pick<AdminTypes.Order, 'id'> | Pick<AdminTypes.OrderAdjustment, 'id'> | Pick<AdminTypes.OrderAttributionDefinition, 'id'> | Pick<AdminTypes.OrderCreateMandatePaymentJobResult, 'id'> | Pick<AdminTypes.OrderDisputeSummary, 'id'> | Pick<AdminTypes.OrderEditSession, 'id'> | Pick<AdminTypes.OrderTransaction, 'id'> | Pick<AdminTypes.Page, 'id'> | Pick<AdminTypes.PaymentCustomization, 'id'> | Pick<AdminTypes.PaymentMandate, 'id'> | Pick<AdminTypes.PaymentSchedule, 'id'> | Pick<AdminTypes.PaymentTerms, 'id'> | Pick<AdminTypes.PaymentTermsTemplate, 'id'> | Pick<AdminTypes.PointOfSaleDevice, 'id'> | Pick<AdminTypes.PointOfSaleDevicePaymentSession, 'id'> | Pick<AdminTypes.PriceList, 'id'> | Pick<AdminTypes.PriceRule, 'id'> | Pick<AdminTypes.PriceRuleDiscountCode, 'id'> | Pick<AdminTypes.Product, 'id'> | Pick<AdminTypes.ProductBundleOperation, 'id'> | Pick<AdminTypes.ProductDeleteOperation, 'id'> | Pick<AdminTypes.ProductDuplicateOperation, 'id'> | Pick<AdminTypes.ProductFeed, 'id'> | Pick<AdminTypes.ProductOption, 'id'> | Pick<AdminTypes.ProductOptionValue, 'id'> | Pick<AdminTypes.ProductSetOperation, 'id'> | Pick<AdminTypes.ProductTaxonomyNode, 'id'> | Pick<AdminTypes.ProductVariant, 'id'> | Pick<AdminTypes.ProductVariantComponent, 'id'> | Pick<AdminTypes.Publication, 'id'> | Pick<AdminTypes.PublicationResourceOperation, 'id'> | Pick<AdminTypes.QuantityPriceBreak, 'id'> | Pick<AdminTypes.Refund, 'id'> | Pick<AdminTypes.RefundShippingLine, 'id'> | Pick<AdminTypes.Return, 'id'> | Pick<AdminTypes.ReturnLineItem, 'id'> | Pick<AdminTypes.ReturnReasonDefinition, 'id'> | Pick<AdminTypes.ReturnableFulfillment, 'id'> | Pick<AdminTypes.ReverseDelivery, 'id'> | Pick<AdminTypes.ReverseDeliveryLineItem, 'id'> | Pick<AdminTypes.ReverseFulfillmentOrder, 'id'> | Pick<AdminTypes.ReverseFulfillmentOrderDisposition, 'id'> | Pick<AdminTypes.ReverseFulfillmentOrderLineItem, 'id'> | Pick<AdminTypes.SaleAdditionalFee, 'id'> | Pick<AdminTypes.SavedSearch, 'id'> | Pick<AdminTypes.ScriptTag, 'id'> | Pick<AdminTypes.Segment, 'id'> | Pick<AdminTypes.SellingPlan, 'id'> | Pick<AdminTypes.SellingPlanGroup, 'id'> | Pick<AdminTypes.ServerPixel, 'id'> | Pick<AdminTypes.ShippingLabel, 'id'> | Pick<AdminTypes.ShippingLabelPurchaseResult, 'id'> | Pick<AdminTypes.Shop, 'id'> | Pick<AdminTypes.ShopAddress, 'id'> | Pick<AdminTypes.ShopPolicy, 'id'> | Pick<AdminTypes.ShopifyPaymentsAccount, 'id'> | Pick<AdminTypes.ShopifyPaymentsBalanceTransaction, 'id'> | Pick<AdminTypes.ShopifyPaymentsBankAccount, 'id'> | Pick<AdminTypes.ShopifyPaymentsDispute, 'id'> | Pick<AdminTypes.ShopifyPaymentsDisputeEvidence, 'id'> | Pick<AdminTypes.ShopifyPaymentsDisputeFileUpload, 'id'> | Pick<AdminTypes.ShopifyPaymentsDisputeFulfillment, 'id'> | Pick<AdminTypes.ShopifyPaymentsPayout, 'id'> | Pick<AdminTypes.StaffMember, 'id'> | Pick<AdminTypes.StandardMetafieldDefinitionTemplate, 'id'> | Pick<AdminTypes.StoreCreditAccount, 'id'> | Pick<AdminTypes.StoreCreditAccountCreditTransaction, 'id'> | Pick<AdminTypes.StoreCreditAccountDebitRevertTransaction, 'id'> | Pick<AdminTypes.StoreCreditAccountDebitTransaction, 'id'> | Pick<AdminTypes.StorefrontAccessToken, 'id'> | Pick<AdminTypes.SubscriptionBillingAttempt, 'id'> | Pick<AdminTypes.SubscriptionContract, 'id'> | Pick<AdminTypes.SubscriptionDraft, 'id'> | Pick<AdminTypes.TaxonomyAttribute, 'id'> | Pick<AdminTypes.TaxonomyCategory, 'id'> | Pick<AdminTypes.TaxonomyChoiceListAttribute, 'id'> | Pick<AdminTypes.TaxonomyMeasurementAttribute, 'id'> | Pick<AdminTypes.TaxonomyValue, 'id'> | Pick<AdminTypes.TenderTransaction, 'id'> | Pick<AdminTypes.TransactionFee, 'id'> | Pick<AdminTypes.UnverifiedReturnLineItem, 'id'> | Pick<AdminTypes.UrlRedirect, 'id'> | Pick<AdminTypes.UrlRedirectImport, 'id'> | Pick<AdminTypes.Validation, 'id'> | Pick<AdminTypes.Video, 'id'> | Pick<AdminTypes.WebPixel, 'id'> | Pick<AdminTypes.WebhookSubscription, 'id'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type KizunaMetafieldsSetMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type KizunaMetafieldsSetMutation = { metafieldsSet?: AdminTypes.Maybe<{ metafields?: AdminTypes.Maybe<Array<Pick<AdminTypes.Metafield, 'key'>>>, userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'message' | 'code' | 'elementIndex'>> }> };

export type KizunaMetafieldsDeleteMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldIdentifierInput> | AdminTypes.MetafieldIdentifierInput;
}>;


export type KizunaMetafieldsDeleteMutation = { metafieldsDelete?: AdminTypes.Maybe<{ deletedMetafields?: AdminTypes.Maybe<Array<AdminTypes.Maybe<Pick<AdminTypes.MetafieldIdentifier, 'ownerId' | 'key'>>>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type KizunaStagedUploadsCreateMutationVariables = AdminTypes.Exact<{
  input: Array<AdminTypes.StagedUploadInput> | AdminTypes.StagedUploadInput;
}>;


export type KizunaStagedUploadsCreateMutation = { stagedUploadsCreate?: AdminTypes.Maybe<{ stagedTargets?: AdminTypes.Maybe<Array<(
      Pick<AdminTypes.StagedMediaUploadTarget, 'url' | 'resourceUrl'>
      & { parameters: Array<Pick<AdminTypes.StagedUploadParameter, 'name' | 'value'>> }
    )>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type KizunaBulkMutationRunMutationVariables = AdminTypes.Exact<{
  mutation: AdminTypes.Scalars['String']['input'];
  stagedUploadPath: AdminTypes.Scalars['String']['input'];
  clientIdentifier?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type KizunaBulkMutationRunMutation = { bulkOperationRunMutation?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkMutationUserError, 'field' | 'message' | 'code'>> }> };

export type KizunaBulkTagsAddMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type KizunaBulkTagsAddMutation = { tagsAdd?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type KizunaBulkTagsRemoveMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type KizunaBulkTagsRemoveMutation = { tagsRemove?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type KizunaBulkMetafieldsSetMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type KizunaBulkMetafieldsSetMutation = { metafieldsSet?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'message' | 'code' | 'elementIndex'>> }> };

export type KizunaOrdersUpdatedSinceQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type KizunaOrdersUpdatedSinceQuery = { orders: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'name' | 'email' | 'createdAt' | 'processedAt' | 'updatedAt' | 'cancelledAt' | 'cancelReason' | 'currencyCode' | 'presentmentCurrencyCode' | 'displayFinancialStatus' | 'sourceName' | 'tags' | 'discountCodes' | 'test'>
      & { lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
          Pick<AdminTypes.LineItem, 'id' | 'title' | 'variantTitle' | 'sku' | 'quantity'>
          & { product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, discountedTotalSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalDiscountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
        )> }, customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalDiscountsSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalShippingPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalTaxSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'provinceCode' | 'countryCodeV2'>>, refunds: Array<(
        Pick<AdminTypes.Refund, 'id' | 'createdAt' | 'note'>
        & { totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
      )> }
    )> } };

export type KizunaOrderLineItemsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type KizunaOrderLineItemsQuery = { order?: AdminTypes.Maybe<{ lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'title' | 'variantTitle' | 'sku' | 'quantity'>
        & { product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, discountedTotalSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalDiscountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
      )> } }> };

export type KizunaCustomersUpdatedSinceQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type KizunaCustomersUpdatedSinceQuery = { customers: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.Customer, 'id' | 'firstName' | 'lastName' | 'email' | 'phone' | 'locale' | 'state' | 'tags' | 'createdAt' | 'updatedAt'>
      & { emailMarketingConsent?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailMarketingConsentState, 'marketingState'>>, smsMarketingConsent?: AdminTypes.Maybe<Pick<AdminTypes.CustomerSmsMarketingConsentState, 'marketingState'>>, defaultAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'city' | 'provinceCode' | 'countryCodeV2'>>, birthDate?: AdminTypes.Maybe<Pick<AdminTypes.Metafield, 'value'>> }
    )> } };

export type KizunaCustomerMetafieldDefinitionsDetailQueryVariables = AdminTypes.Exact<{
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type KizunaCustomerMetafieldDefinitionsDetailQuery = { metafieldDefinitions: { nodes: Array<(
      Pick<AdminTypes.MetafieldDefinition, 'id' | 'namespace' | 'key'>
      & { type: Pick<AdminTypes.MetafieldDefinitionType, 'name'>, capabilities: { adminFilterable: Pick<AdminTypes.MetafieldCapabilityAdminFilterable, 'enabled' | 'eligible'> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type KizunaMetafieldDefinitionCreateFilterableMutationVariables = AdminTypes.Exact<{
  definition: AdminTypes.MetafieldDefinitionInput;
}>;


export type KizunaMetafieldDefinitionCreateFilterableMutation = { metafieldDefinitionCreate?: AdminTypes.Maybe<{ createdDefinition?: AdminTypes.Maybe<Pick<AdminTypes.MetafieldDefinition, 'id' | 'namespace' | 'key'>>, userErrors: Array<Pick<AdminTypes.MetafieldDefinitionCreateUserError, 'field' | 'message' | 'code'>> }> };

export type KizunaMetafieldDefinitionUpdateMutationVariables = AdminTypes.Exact<{
  definition: AdminTypes.MetafieldDefinitionUpdateInput;
}>;


export type KizunaMetafieldDefinitionUpdateMutation = { metafieldDefinitionUpdate?: AdminTypes.Maybe<{ updatedDefinition?: AdminTypes.Maybe<Pick<AdminTypes.MetafieldDefinition, 'id' | 'key'>>, userErrors: Array<Pick<AdminTypes.MetafieldDefinitionUpdateUserError, 'field' | 'message' | 'code'>> }> };

export type KizunaSegmentCreateMutationVariables = AdminTypes.Exact<{
  name: AdminTypes.Scalars['String']['input'];
  query: AdminTypes.Scalars['String']['input'];
}>;


export type KizunaSegmentCreateMutation = { segmentCreate?: AdminTypes.Maybe<{ segment?: AdminTypes.Maybe<Pick<AdminTypes.Segment, 'id' | 'name' | 'query'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type KizunaSegmentUpdateMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  name?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type KizunaSegmentUpdateMutation = { segmentUpdate?: AdminTypes.Maybe<{ segment?: AdminTypes.Maybe<Pick<AdminTypes.Segment, 'id' | 'name' | 'query'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type KizunaSegmentsQueryVariables = AdminTypes.Exact<{
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type KizunaSegmentsQuery = { segments: { nodes: Array<Pick<AdminTypes.Segment, 'id' | 'name' | 'query'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type KizunaCustomerSegmentMembersQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type KizunaCustomerSegmentMembersQuery = { customerSegmentMembers: (
    Pick<AdminTypes.CustomerSegmentMemberConnection, 'totalCount'>
    & { edges: Array<{ node: Pick<AdminTypes.CustomerSegmentMember, 'id'> }>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> }
  ) };

export type KizunaShopProfileQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type KizunaShopProfileQuery = { shop: Pick<AdminTypes.Shop, 'name' | 'email' | 'myshopifyDomain' | 'currencyCode' | 'ianaTimezone'> };

interface GeneratedQueryTypes {
  "#graphql\n  query KizunaBulkOperation($id: ID!) {\n    bulkOperation(id: $id) {\n      id\n      status\n      errorCode\n      objectCount\n      fileSize\n      url\n      partialDataUrl\n      createdAt\n      completedAt\n    }\n  }\n": {return: KizunaBulkOperationQuery, variables: KizunaBulkOperationQueryVariables},
  "#graphql\n  query KizunaDiscountRedeemCodeBulkCreation($id: ID!, $after: String) {\n    discountRedeemCodeBulkCreation(id: $id) {\n      id\n      done\n      codesCount\n      importedCount\n      failedCount\n      codes(first: 250, after: $after) {\n        nodes {\n          code\n          errors { field message code }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": {return: KizunaDiscountRedeemCodeBulkCreationQuery, variables: KizunaDiscountRedeemCodeBulkCreationQueryVariables},
  "#graphql\n  query KizunaProductsForMail($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Product {\n        id\n        title\n        handle\n        status\n        onlineStoreUrl\n        featuredMedia {\n          preview {\n            image {\n              url\n            }\n          }\n        }\n        priceRangeV2 {\n          minVariantPrice {\n            amount\n            currencyCode\n          }\n        }\n      }\n    }\n  }\n": {return: KizunaProductsForMailQuery, variables: KizunaProductsForMailQueryVariables},
  "#graphql\n  query KizunaOrdersUpdatedSince($query: String!, $after: String) {\n    orders(first: 8, after: $after, query: $query, sortKey: UPDATED_AT) {\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        ...KizunaOrderFields\n        lineItems(first: 10) {\n          pageInfo { hasNextPage endCursor }\n          nodes { ...KizunaLineItemFields }\n        }\n      }\n    }\n  }\n  #graphql\n  fragment KizunaOrderFields on Order {\n    id\n    name\n    email\n    createdAt\n    processedAt\n    updatedAt\n    cancelledAt\n    cancelReason\n    currencyCode\n    presentmentCurrencyCode\n    displayFinancialStatus\n    sourceName\n    tags\n    discountCodes\n    test\n    customer { id }\n    subtotalPriceSet { shopMoney { amount } }\n    totalDiscountsSet { shopMoney { amount } }\n    totalShippingPriceSet { shopMoney { amount } }\n    totalTaxSet { shopMoney { amount } }\n    totalPriceSet { shopMoney { amount } presentmentMoney { amount } }\n    totalRefundedSet { shopMoney { amount } }\n    shippingAddress { provinceCode countryCodeV2 }\n    refunds { id createdAt note totalRefundedSet { shopMoney { amount } } }\n  }\n\n  #graphql\n  fragment KizunaLineItemFields on LineItem {\n    id\n    title\n    variantTitle\n    sku\n    quantity\n    product { id }\n    variant { id }\n    originalUnitPriceSet { shopMoney { amount } }\n    discountedTotalSet { shopMoney { amount } }\n    totalDiscountSet { shopMoney { amount } }\n  }\n\n": {return: KizunaOrdersUpdatedSinceQuery, variables: KizunaOrdersUpdatedSinceQueryVariables},
  "#graphql\n  query KizunaOrderLineItems($id: ID!, $after: String) {\n    order(id: $id) {\n      lineItems(first: 50, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        nodes { ...KizunaLineItemFields }\n      }\n    }\n  }\n  #graphql\n  fragment KizunaLineItemFields on LineItem {\n    id\n    title\n    variantTitle\n    sku\n    quantity\n    product { id }\n    variant { id }\n    originalUnitPriceSet { shopMoney { amount } }\n    discountedTotalSet { shopMoney { amount } }\n    totalDiscountSet { shopMoney { amount } }\n  }\n\n": {return: KizunaOrderLineItemsQuery, variables: KizunaOrderLineItemsQueryVariables},
  "#graphql\n  query KizunaCustomersUpdatedSince($query: String!, $after: String) {\n    customers(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) {\n      pageInfo { hasNextPage endCursor }\n      nodes { ...KizunaCustomerFields }\n    }\n  }\n  #graphql\n  fragment KizunaCustomerFields on Customer {\n    id\n    firstName\n    lastName\n    email\n    phone\n    locale\n    state\n    tags\n    createdAt\n    updatedAt\n    emailMarketingConsent { marketingState }\n    smsMarketingConsent { marketingState }\n    defaultAddress { city provinceCode countryCodeV2 }\n    birthDate: metafield(namespace: \"facts\", key: \"birth_date\") { value }\n  }\n\n": {return: KizunaCustomersUpdatedSinceQuery, variables: KizunaCustomersUpdatedSinceQueryVariables},
  "#graphql\n  query KizunaCustomerMetafieldDefinitionsDetail($after: String) {\n    metafieldDefinitions(ownerType: CUSTOMER, first: 50, after: $after) {\n      nodes {\n        id\n        namespace\n        key\n        type { name }\n        capabilities { adminFilterable { enabled eligible } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": {return: KizunaCustomerMetafieldDefinitionsDetailQuery, variables: KizunaCustomerMetafieldDefinitionsDetailQueryVariables},
  "#graphql\n  query KizunaSegments($after: String) {\n    segments(first: 100, after: $after) {\n      nodes { id name query }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": {return: KizunaSegmentsQuery, variables: KizunaSegmentsQueryVariables},
  "#graphql\n  query KizunaCustomerSegmentMembers($query: String!, $first: Int!, $after: String) {\n    customerSegmentMembers(query: $query, first: $first, after: $after) {\n      totalCount\n      edges { node { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": {return: KizunaCustomerSegmentMembersQuery, variables: KizunaCustomerSegmentMembersQueryVariables},
  "#graphql\n  query KizunaShopProfile {\n    shop {\n      name\n      email\n      myshopifyDomain\n      currencyCode\n      ianaTimezone\n    }\n  }\n": {return: KizunaShopProfileQuery, variables: KizunaShopProfileQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation KizunaBulkQueryRun($query: String!) {\n    bulkOperationRunQuery(query: $query) {\n      bulkOperation { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: KizunaBulkQueryRunMutation, variables: KizunaBulkQueryRunMutationVariables},
  "#graphql\n  mutation KizunaCustomerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {\n    customerEmailMarketingConsentUpdate(input: $input) {\n      customer {\n        id\n        emailMarketingConsent { marketingState consentUpdatedAt }\n      }\n      userErrors { field message code }\n    }\n  }\n": {return: KizunaCustomerEmailMarketingConsentUpdateMutation, variables: KizunaCustomerEmailMarketingConsentUpdateMutationVariables},
  "#graphql\n  mutation KizunaDiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {\n    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {\n      codeDiscountNode { id }\n      userErrors { field message code }\n    }\n  }\n": {return: KizunaDiscountCodeBasicCreateMutation, variables: KizunaDiscountCodeBasicCreateMutationVariables},
  "#graphql\n  mutation KizunaDiscountCodeDeactivate($id: ID!) {\n    discountCodeDeactivate(id: $id) {\n      codeDiscountNode { id }\n      userErrors { field message code }\n    }\n  }\n": {return: KizunaDiscountCodeDeactivateMutation, variables: KizunaDiscountCodeDeactivateMutationVariables},
  "#graphql\n  mutation KizunaDiscountRedeemCodeBulkAdd($discountId: ID!, $codes: [DiscountRedeemCodeInput!]!) {\n    discountRedeemCodeBulkAdd(discountId: $discountId, codes: $codes) {\n      bulkCreation { id done }\n      userErrors { field message code }\n    }\n  }\n": {return: KizunaDiscountRedeemCodeBulkAddMutation, variables: KizunaDiscountRedeemCodeBulkAddMutationVariables},
  "#graphql\n  mutation KizunaDiscountCodeActivate($id: ID!) {\n    discountCodeActivate(id: $id) {\n      codeDiscountNode { id }\n      userErrors { field message code }\n    }\n  }\n": {return: KizunaDiscountCodeActivateMutation, variables: KizunaDiscountCodeActivateMutationVariables},
  "#graphql\n  mutation KizunaFlowTriggerReceive($handle: String, $payload: JSON) {\n    flowTriggerReceive(handle: $handle, payload: $payload) {\n      userErrors { field message }\n    }\n  }\n": {return: KizunaFlowTriggerReceiveMutation, variables: KizunaFlowTriggerReceiveMutationVariables},
  "#graphql\n  mutation KizunaTagsAdd($id: ID!, $tags: [String!]!) {\n    tagsAdd(id: $id, tags: $tags) {\n      node { id }\n      userErrors { field message }\n    }\n  }\n": {return: KizunaTagsAddMutation, variables: KizunaTagsAddMutationVariables},
  "#graphql\n  mutation KizunaTagsRemove($id: ID!, $tags: [String!]!) {\n    tagsRemove(id: $id, tags: $tags) {\n      node { id }\n      userErrors { field message }\n    }\n  }\n": {return: KizunaTagsRemoveMutation, variables: KizunaTagsRemoveMutationVariables},
  "#graphql\n  mutation KizunaMetafieldsSet($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      metafields { key }\n      userErrors { field message code elementIndex }\n    }\n  }\n": {return: KizunaMetafieldsSetMutation, variables: KizunaMetafieldsSetMutationVariables},
  "#graphql\n  mutation KizunaMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {\n    metafieldsDelete(metafields: $metafields) {\n      deletedMetafields { ownerId key }\n      userErrors { field message }\n    }\n  }\n": {return: KizunaMetafieldsDeleteMutation, variables: KizunaMetafieldsDeleteMutationVariables},
  "#graphql\n  mutation KizunaStagedUploadsCreate($input: [StagedUploadInput!]!) {\n    stagedUploadsCreate(input: $input) {\n      stagedTargets { url resourceUrl parameters { name value } }\n      userErrors { field message }\n    }\n  }\n": {return: KizunaStagedUploadsCreateMutation, variables: KizunaStagedUploadsCreateMutationVariables},
  "#graphql\n  mutation KizunaBulkMutationRun($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {\n    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {\n      bulkOperation { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: KizunaBulkMutationRunMutation, variables: KizunaBulkMutationRunMutationVariables},
  "#graphql\n  mutation KizunaBulkTagsAdd($id: ID!, $tags: [String!]!) {\n    tagsAdd(id: $id, tags: $tags) {\n      userErrors { field message }\n    }\n  }\n": {return: KizunaBulkTagsAddMutation, variables: KizunaBulkTagsAddMutationVariables},
  "#graphql\n  mutation KizunaBulkTagsRemove($id: ID!, $tags: [String!]!) {\n    tagsRemove(id: $id, tags: $tags) {\n      userErrors { field message }\n    }\n  }\n": {return: KizunaBulkTagsRemoveMutation, variables: KizunaBulkTagsRemoveMutationVariables},
  "#graphql\n  mutation KizunaBulkMetafieldsSet($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      userErrors { field message code elementIndex }\n    }\n  }\n": {return: KizunaBulkMetafieldsSetMutation, variables: KizunaBulkMetafieldsSetMutationVariables},
  "#graphql\n  mutation KizunaMetafieldDefinitionCreateFilterable($definition: MetafieldDefinitionInput!) {\n    metafieldDefinitionCreate(definition: $definition) {\n      createdDefinition { id namespace key }\n      userErrors { field message code }\n    }\n  }\n": {return: KizunaMetafieldDefinitionCreateFilterableMutation, variables: KizunaMetafieldDefinitionCreateFilterableMutationVariables},
  "#graphql\n  mutation KizunaMetafieldDefinitionUpdate($definition: MetafieldDefinitionUpdateInput!) {\n    metafieldDefinitionUpdate(definition: $definition) {\n      updatedDefinition { id key }\n      userErrors { field message code }\n    }\n  }\n": {return: KizunaMetafieldDefinitionUpdateMutation, variables: KizunaMetafieldDefinitionUpdateMutationVariables},
  "#graphql\n  mutation KizunaSegmentCreate($name: String!, $query: String!) {\n    segmentCreate(name: $name, query: $query) {\n      segment { id name query }\n      userErrors { field message }\n    }\n  }\n": {return: KizunaSegmentCreateMutation, variables: KizunaSegmentCreateMutationVariables},
  "#graphql\n  mutation KizunaSegmentUpdate($id: ID!, $name: String, $query: String) {\n    segmentUpdate(id: $id, name: $name, query: $query) {\n      segment { id name query }\n      userErrors { field message }\n    }\n  }\n": {return: KizunaSegmentUpdateMutation, variables: KizunaSegmentUpdateMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
